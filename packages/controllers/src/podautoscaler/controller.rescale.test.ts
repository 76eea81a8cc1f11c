import type { HorizontalPodAutoscaler, KubeObject } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { describeCall, FakeApi } from '../../test/fixtures/calls.js';
import { horizontalPodAutoscalerController } from './controller.js';
import type { MetricsClient } from './metrics/interfaces.js';
import { ReplicaCalculator, type ResourceReplicas } from './replicaCalculator.js';

/** A calculator whose CPU proposal is always 6 replicas: the test is about what follows it. */
class ProposesSix extends ReplicaCalculator {
  override getResourceReplicas(): ResourceReplicas {
    return { replicaCount: 6, utilization: 150, rawUtilization: 150, timestamp: 0 };
  }
}

const web = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
  },
} as KubeObject;

const hpa: HorizontalPodAutoscaler = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    minReplicas: 1,
    maxReplicas: 10,
    // One pod a minute up: a stored scale event holds the next scale-up back.
    behavior: {
      scaleUp: { selectPolicy: 'Max', stabilizationWindowSeconds: 0, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] },
    },
  },
};

describe('a rescale whose /scale write failed (found by review)', () => {
  it('stores no scale event: upstream calls storeScaleEvent only after Scales().Update succeeded', () => {
    const api = new FakeApi([web, hpa as KubeObject]);
    const controller = horizontalPodAutoscalerController({
      calculator: () => new ProposesSix({} as MetricsClient, () => [], 0, 0),
    });
    const syncAt = (reactor?: Parameters<FakeApi['sync']>[2]) => {
      api.sim.run(api.sim.now + 15_000);
      return api.sync(controller, 'default/web', reactor);
    };
    api.sync(controller, 'default/web'); // first sight: synced one period later
    const failed = syncAt((e) => (e.type === 'scale' ? 'Conflict' : undefined));
    expect(failed.sent.map((s) => `${describeCall(s.effect)}${s.error ? ` ${s.error}` : ''}`)[0]).toBe(
      'scale Deployment web Conflict',
    );
    // Had the failed +1 been stored, the policy (1 pod a minute) would hold this one back.
    const next = syncAt();
    const scale = next.sent.find((s) => s.effect.type === 'scale');
    expect(scale?.effect.type === 'scale' ? scale.effect.replicas : undefined).toBe(3);
  });
});
