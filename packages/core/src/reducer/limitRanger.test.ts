import { describe, expect, it } from 'vitest';
import type { Container, LimitRange, Pod } from '../api/types.js';
import { defaultContainerResourceRequirements, podLimitViolations, podMutateLimitFunc } from './limitRanger.js';

// Upstream's helpers (plugin/pkg/admission/limitranger/admission_test.go).
type RL = Record<string, string>;
const compute = (cpu: string, memory: string): RL => ({ ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) });
const local = (eph: string): RL => (eph ? { 'ephemeral-storage': eph } : {});
type Res = NonNullable<Container['resources']>;
const rr = (requests: RL, limits: RL): Res => ({ requests, limits });

function createLimitRange(type: string, min: RL, max: RL, def: RL, defReq: RL, ratio: RL): LimitRange {
  return {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'abc', namespace: 'test' },
    spec: { limits: [{ type, min, max, default: def, defaultRequest: defReq, maxLimitRequestRatio: ratio }] },
  };
}

function validLimitRange(): LimitRange {
  return {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'abc', namespace: 'test' },
    spec: {
      limits: [
        { type: 'Pod', max: compute('200m', '4Gi'), min: compute('50m', '2Mi') },
        {
          type: 'Container',
          max: compute('100m', '2Gi'),
          min: compute('25m', '1Mi'),
          default: compute('75m', '10Mi'),
          defaultRequest: compute('50m', '5Mi'),
        },
      ],
    },
  };
}

function validPod(name: string, n: number, resources: Res): Pod {
  const containers: Container[] = [];
  for (let i = 0; i < n; i++) containers.push({ name: `foo-${i}`, image: `foo:V${i}`, resources });
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'test' }, spec: { containers } };
}

function validPodInit(pod: Pod, ...resources: Res[]): Pod {
  const init = resources.map((r, i) => ({ name: `foo-${i}`, image: `foo:V${i}`, resources: r }));
  return { ...pod, spec: { ...pod.spec, initContainers: [...(pod.spec.initContainers ?? []), ...init] } };
}

function withRestartableInitContainer(requests: RL, limits: RL, pod: Pod): Pod {
  const n = pod.spec.initContainers?.length ?? 0;
  const c = { name: `foo-${n}`, image: `foo:V${n}`, resources: rr(requests, limits), restartPolicy: 'Always' } as Container;
  return { ...pod, spec: { ...pod.spec, initContainers: [...(pod.spec.initContainers ?? []), c] } };
}

const E: RL = {};
const annotation = (p: Pod): string | undefined => p.metadata.annotations?.['kubernetes.io/limit-ranger'];

describe('TestDefaultContainerResourceRequirements', () => {
  it('takes defaultRequest and default of the Container item', () => {
    expect(defaultContainerResourceRequirements(validLimitRange())).toEqual({
      requests: compute('50m', '5Mi'),
      limits: compute('75m', '10Mi'),
    });
  });
});

describe('TestMergePodResourceRequirements', () => {
  const lr = validLimitRange();
  it('pod with no resources enumerated should get each resource from default request', () => {
    const pod = podMutateLimitFunc(validPod('empty-resources', 1, rr(E, E)), lr);
    expect(pod.spec.containers[0]?.resources).toEqual(rr(compute('50m', '5Mi'), compute('75m', '10Mi')));
    expect(annotation(pod)).toBe(
      'LimitRanger plugin set: cpu, memory request for container foo-0; cpu, memory limit for container foo-0',
    );
  });
  it('pod with some resources enumerated should only merge empty', () => {
    const input = rr(compute('', '512Mi'), E);
    const pod = podMutateLimitFunc(validPodInit(validPod('limit-memory', 1, input), input), lr);
    const expected = rr(compute('50m', '512Mi'), compute('75m', '10Mi'));
    expect(pod.spec.containers[0]?.resources).toEqual(expected);
    expect(pod.spec.initContainers?.[0]?.resources).toEqual(expected);
    // The init container's parts come after the containers' (upstream's order).
    expect(annotation(pod)).toBe(
      'LimitRanger plugin set: cpu request for container foo-0; cpu, memory limit for container foo-0; ' +
        'cpu request for init container foo-0; cpu, memory limit for init container foo-0',
    );
  });
  it('pod with all resources enumerated should not merge anything', () => {
    const input = rr(compute('100m', '512Mi'), compute('200m', '1G'));
    const initInput = rr(compute('200m', '1G'), compute('400m', '2G'));
    const pod = podMutateLimitFunc(validPodInit(validPod('limit-memory', 1, input), initInput), lr);
    expect(pod.spec.containers[0]?.resources).toEqual(input);
    expect(pod.spec.initContainers?.[0]?.resources).toEqual(initInput);
    expect(annotation(pod)).toBeUndefined();
  });
});

describe('TestPodLimitFuncApplyDefault', () => {
  it('fills containers and init containers from the defaults', () => {
    const pod = podMutateLimitFunc(validPodInit(validPod('foo', 1, rr(E, E)), rr(E, E)), validLimitRange());
    for (const c of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
      expect(c.resources).toEqual(rr(compute('50m', '5Mi'), compute('75m', '10Mi')));
    }
  });
});

describe('TestPodLimitFunc', () => {
  const C = 'Container';
  const P = 'Pod';
  const success: [string, Pod, LimitRange][] = [
    [
      'ctr-min-cpu-request',
      validPod('ctr-min-cpu-request', 1, rr(compute('100m', ''), E)),
      createLimitRange(C, compute('50m', ''), E, E, E, E),
    ],
    [
      'ctr-min-cpu-request-limit',
      validPod('x', 1, rr(compute('100m', ''), compute('200m', ''))),
      createLimitRange(C, compute('50m', ''), E, E, E, E),
    ],
    [
      'ctr-min-memory-request',
      validPod('x', 1, rr(compute('', '60Mi'), E)),
      createLimitRange(C, compute('', '50Mi'), E, E, E, E),
    ],
    [
      'ctr-min-memory-request-limit',
      validPod('x', 1, rr(compute('', '60Mi'), compute('', '100Mi'))),
      createLimitRange(C, compute('', '50Mi'), E, E, E, E),
    ],
    [
      'ctr-max-cpu-request-limit',
      validPod('x', 1, rr(compute('500m', ''), compute('1', ''))),
      createLimitRange(C, E, compute('2', ''), E, E, E),
    ],
    ['ctr-max-cpu-limit', validPod('x', 1, rr(E, compute('1', ''))), createLimitRange(C, E, compute('2', ''), E, E, E)],
    [
      'ctr-max-mem-request-limit',
      validPod('x', 1, rr(compute('', '250Mi'), compute('', '500Mi'))),
      createLimitRange(C, E, compute('', '1Gi'), E, E, E),
    ],
    [
      'ctr-max-cpu-ratio',
      validPod('x', 1, rr(compute('500m', ''), compute('750m', ''))),
      createLimitRange(C, E, E, E, E, compute('1.5', '')),
    ],
    ['ctr-max-mem-limit', validPod('x', 1, rr(E, compute('', '500Mi'))), createLimitRange(C, E, compute('', '1Gi'), E, E, E)],
    ['pod-min-cpu-request', validPod('x', 2, rr(compute('75m', ''), E)), createLimitRange(P, compute('100m', ''), E, E, E, E)],
    [
      'pod-min-cpu-request-limit',
      validPod('x', 2, rr(compute('75m', ''), compute('200m', ''))),
      createLimitRange(P, compute('100m', ''), E, E, E, E),
    ],
    [
      'pod-min-memory-request',
      validPod('x', 2, rr(compute('', '60Mi'), E)),
      createLimitRange(P, compute('', '100Mi'), E, E, E, E),
    ],
    [
      'pod-min-memory-request-limit',
      validPod('x', 2, rr(compute('', '60Mi'), compute('', '100Mi'))),
      createLimitRange(P, compute('', '100Mi'), E, E, E, E),
    ],
    [
      'pod-init-min-memory-request',
      validPodInit(validPod('x', 2, rr(compute('', '60Mi'), E)), rr(compute('', '100Mi'), E)),
      createLimitRange(P, compute('', '100Mi'), E, E, E, E),
    ],
    [
      'pod-init-min-memory-request-limit',
      validPodInit(
        validPod('x', 2, rr(compute('', '60Mi'), compute('', '100Mi'))),
        rr(compute('', '80Mi'), compute('', '100Mi')),
      ),
      createLimitRange(P, compute('', '100Mi'), E, E, E, E),
    ],
    [
      'pod-max-cpu-request-limit',
      validPod('x', 2, rr(compute('500m', ''), compute('1', ''))),
      createLimitRange(P, E, compute('2', ''), E, E, E),
    ],
    ['pod-max-cpu-limit', validPod('x', 2, rr(E, compute('1', ''))), createLimitRange(P, E, compute('2', ''), E, E, E)],
    [
      'pod-init-max-cpu-request-limit',
      validPodInit(
        validPod('x', 2, rr(compute('500m', ''), compute('1', ''))),
        rr(compute('1', ''), compute('2', '')),
        rr(compute('1', ''), compute('1', '')),
      ),
      createLimitRange(P, E, compute('2', ''), E, E, E),
    ],
    [
      'pod-init-max-cpu-limit',
      validPodInit(validPod('x', 2, rr(E, compute('1', ''))), rr(E, compute('2', '')), rr(E, compute('2', ''))),
      createLimitRange(P, E, compute('2', ''), E, E, E),
    ],
    [
      'pod-max-mem-request-limit',
      validPod('x', 2, rr(compute('', '250Mi'), compute('', '500Mi'))),
      createLimitRange(P, E, compute('', '1Gi'), E, E, E),
    ],
    ['pod-max-mem-limit', validPod('x', 2, rr(E, compute('', '500Mi'))), createLimitRange(P, E, compute('', '1Gi'), E, E, E)],
    [
      'pod-max-mem-ratio',
      validPod('x', 3, rr(compute('', '300Mi'), compute('', '450Mi'))),
      createLimitRange(P, E, compute('', '2Gi'), E, E, compute('', '1.5')),
    ],
    [
      'ctr-1-min-local-ephemeral-storage-request',
      validPod('x', 1, rr(local('60Mi'), E)),
      createLimitRange(C, local('50Mi'), E, E, E, E),
    ],
    [
      'ctr-1-min-local-ephemeral-storage-request-limit',
      validPod('x', 1, rr(local('60Mi'), local('100Mi'))),
      createLimitRange(C, local('50Mi'), E, E, E, E),
    ],
    [
      'ctr-1-max-local-ephemeral-storage-request-limit',
      validPod('x', 1, rr(local('250Mi'), local('500Mi'))),
      createLimitRange(C, E, local('1Gi'), E, E, E),
    ],
    [
      'ctr-1-max-local-ephemeral-storage-limit',
      validPod('x', 1, rr(E, local('500Mi'))),
      createLimitRange(C, E, local('1Gi'), E, E, E),
    ],
    [
      'ctr-2-min-local-ephemeral-storage-request',
      validPod('x', 2, rr(local('60Mi'), E)),
      createLimitRange(C, local('50Mi'), E, E, E, E),
    ],
    [
      'ctr-2-min-local-ephemeral-storage-request-limit',
      validPod('x', 2, rr(local('60Mi'), local('100Mi'))),
      createLimitRange(C, local('50Mi'), E, E, E, E),
    ],
    [
      'ctr-2-max-local-ephemeral-storage-request-limit',
      validPod('x', 2, rr(local('250Mi'), local('500Mi'))),
      createLimitRange(C, E, local('600Mi'), E, E, E),
    ],
    [
      'ctr-2-max-local-ephemeral-storage-limit',
      validPod('x', 2, rr(E, local('500Mi'))),
      createLimitRange(C, E, local('600Mi'), E, E, E),
    ],
    [
      'pod-min-local-ephemeral-storage-request',
      validPod('x', 2, rr(local('60Mi'), E)),
      createLimitRange(P, local('100Mi'), E, E, E, E),
    ],
    [
      'pod-min-local-ephemeral-storage-request-limit',
      validPod('x', 2, rr(local('60Mi'), local('100Mi'))),
      createLimitRange(P, local('100Mi'), E, E, E, E),
    ],
    [
      'pod-init-min-local-ephemeral-storage-request',
      validPodInit(validPod('x', 2, rr(local('60Mi'), E)), rr(local('100Mi'), E)),
      createLimitRange(P, local('100Mi'), E, E, E, E),
    ],
    [
      'pod-init-min-local-ephemeral-storage-request-limit',
      validPodInit(validPod('x', 2, rr(local('60Mi'), local('100Mi'))), rr(local('80Mi'), local('100Mi'))),
      createLimitRange(P, local('100Mi'), E, E, E, E),
    ],
    [
      'pod-max-local-ephemeral-storage-request-limit',
      validPod('x', 2, rr(local('250Mi'), local('500Mi'))),
      createLimitRange(P, E, local('1Gi'), E, E, E),
    ],
    [
      'pod-max-local-ephemeral-storage-limit',
      validPod('x', 2, rr(E, local('500Mi'))),
      createLimitRange(P, E, local('1Gi'), E, E, E),
    ],
    [
      'pod-max-local-ephemeral-storage-ratio',
      validPod('x', 3, rr(local('300Mi'), local('450Mi'))),
      createLimitRange(P, E, local('2Gi'), E, E, local('1.5')),
    ],
  ];
  it.each(success)('success %s', (_name, pod, lr) => {
    expect(podLimitViolations(lr, podMutateLimitFunc(pod, lr))).toEqual([]);
  });

  // Each row with the message kubesim gives (upstream's test only asks for an error).
  const errors: [string, Pod, LimitRange, string][] = [
    [
      'ctr-min-cpu-request',
      validPod('x', 1, rr(compute('40m', ''), E)),
      createLimitRange(C, compute('50m', ''), E, E, E, E),
      'minimum cpu usage per Container is 50m, but request is 40m',
    ],
    [
      'ctr-min-cpu-request-limit',
      validPod('x', 1, rr(compute('40m', ''), compute('200m', ''))),
      createLimitRange(C, compute('50m', ''), E, E, E, E),
      'minimum cpu usage per Container is 50m, but request is 40m',
    ],
    [
      'ctr-min-cpu-no-request-limit',
      validPod('x', 1, rr(E, E)),
      createLimitRange(C, compute('50m', ''), E, E, E, E),
      'minimum cpu usage per Container is 50m.  No request is specified',
    ],
    [
      'ctr-min-memory-request',
      validPod('x', 1, rr(compute('', '40Mi'), E)),
      createLimitRange(C, compute('', '50Mi'), E, E, E, E),
      'minimum memory usage per Container is 50Mi, but request is 40Mi',
    ],
    [
      'ctr-min-memory-request-limit',
      validPod('x', 1, rr(compute('', '40Mi'), compute('', '100Mi'))),
      createLimitRange(C, compute('', '50Mi'), E, E, E, E),
      'minimum memory usage per Container is 50Mi, but request is 40Mi',
    ],
    [
      'ctr-min-memory-no-request-limit',
      validPod('x', 1, rr(E, E)),
      createLimitRange(C, compute('', '50Mi'), E, E, E, E),
      'minimum memory usage per Container is 50Mi.  No request is specified',
    ],
    [
      'ctr-max-cpu-request-limit',
      validPod('x', 1, rr(compute('500m', ''), compute('2500m', ''))),
      createLimitRange(C, E, compute('2', ''), E, E, E),
      'maximum cpu usage per Container is 2, but limit is 2500m',
    ],
    [
      'ctr-max-cpu-limit',
      validPod('x', 1, rr(E, compute('2500m', ''))),
      createLimitRange(C, E, compute('2', ''), E, E, E),
      'maximum cpu usage per Container is 2, but limit is 2500m',
    ],
    [
      'ctr-max-cpu-no-request-limit',
      validPod('x', 1, rr(E, E)),
      createLimitRange(C, E, compute('2', ''), E, E, E),
      'maximum cpu usage per Container is 2.  No limit is specified',
    ],
    [
      'ctr-max-cpu-ratio',
      validPod('x', 1, rr(compute('1250m', ''), compute('2500m', ''))),
      createLimitRange(C, E, E, E, E, compute('1', '')),
      'cpu max limit to request ratio per Container is 1, but provided ratio is 2.000000',
    ],
    [
      'ctr-max-mem-request-limit',
      validPod('x', 1, rr(compute('', '250Mi'), compute('', '2Gi'))),
      createLimitRange(C, E, compute('', '1Gi'), E, E, E),
      'maximum memory usage per Container is 1Gi, but limit is 2Gi',
    ],
    [
      'ctr-max-mem-limit',
      validPod('x', 1, rr(E, compute('', '2Gi'))),
      createLimitRange(C, E, compute('', '1Gi'), E, E, E),
      'maximum memory usage per Container is 1Gi, but limit is 2Gi',
    ],
    [
      'ctr-max-mem-no-request-limit',
      validPod('x', 1, rr(E, E)),
      createLimitRange(C, E, compute('', '1Gi'), E, E, E),
      'maximum memory usage per Container is 1Gi.  No limit is specified',
    ],
    [
      'pod-min-cpu-request',
      validPod('x', 1, rr(compute('75m', ''), E)),
      createLimitRange(P, compute('100m', ''), E, E, E, E),
      'minimum cpu usage per Pod is 100m, but request is 75m',
    ],
    [
      'pod-min-cpu-request-limit',
      validPod('x', 1, rr(compute('75m', ''), compute('200m', ''))),
      createLimitRange(P, compute('100m', ''), E, E, E, E),
      'minimum cpu usage per Pod is 100m, but request is 75m',
    ],
    [
      'pod-min-memory-request',
      validPod('x', 1, rr(compute('', '60Mi'), E)),
      createLimitRange(P, compute('', '100Mi'), E, E, E, E),
      'minimum memory usage per Pod is 100Mi, but request is 60Mi',
    ],
    [
      'pod-min-memory-request-limit',
      validPod('x', 1, rr(compute('', '60Mi'), compute('', '100Mi'))),
      createLimitRange(P, compute('', '100Mi'), E, E, E, E),
      'minimum memory usage per Pod is 100Mi, but request is 60Mi',
    ],
    [
      'pod-max-cpu-request-limit',
      validPod('x', 3, rr(compute('500m', ''), compute('1', ''))),
      createLimitRange(P, E, compute('2', ''), E, E, E),
      'maximum cpu usage per Pod is 2, but limit is 3',
    ],
    [
      'pod-max-cpu-limit',
      validPod('x', 3, rr(E, compute('1', ''))),
      createLimitRange(P, E, compute('2', ''), E, E, E),
      'maximum cpu usage per Pod is 2, but limit is 3',
    ],
    [
      'pod-max-mem-request-limit',
      validPod('x', 3, rr(compute('', '250Mi'), compute('', '500Mi'))),
      createLimitRange(P, E, compute('', '1Gi'), E, E, E),
      'maximum memory usage per Pod is 1Gi, but limit is 1500Mi',
    ],
    [
      'pod-max-mem-limit',
      validPod('x', 3, rr(E, compute('', '500Mi'))),
      createLimitRange(P, E, compute('', '1Gi'), E, E, E),
      'maximum memory usage per Pod is 1Gi, but limit is 1500Mi',
    ],
    [
      'pod-init-max-mem-limit',
      validPodInit(validPod('x', 1, rr(E, compute('', '500Mi'))), rr(E, compute('', '1.5Gi'))),
      createLimitRange(P, E, compute('', '1Gi'), E, E, E),
      'maximum memory usage per Pod is 1Gi, but limit is 1536Mi',
    ],
    [
      'pod-max-mem-ratio',
      validPod('x', 3, rr(compute('', '250Mi'), compute('', '500Mi'))),
      createLimitRange(P, E, compute('', '2Gi'), E, E, compute('', '1.5')),
      'memory max limit to request ratio per Pod is 1500m, but provided ratio is 2.000000',
    ],
    [
      'ctr-1-min-local-ephemeral-storage-request',
      validPod('x', 1, rr(local('40Mi'), E)),
      createLimitRange(C, local('50Mi'), E, E, E, E),
      'minimum ephemeral-storage usage per Container is 50Mi, but request is 40Mi',
    ],
    [
      'ctr-1-min-local-ephemeral-storage-request-limit',
      validPod('x', 1, rr(local('40Mi'), local('100Mi'))),
      createLimitRange(C, local('50Mi'), E, E, E, E),
      'minimum ephemeral-storage usage per Container is 50Mi, but request is 40Mi',
    ],
    [
      'ctr-1-min-local-ephemeral-storage-no-request-limit',
      validPod('x', 1, rr(E, E)),
      createLimitRange(C, local('50Mi'), E, E, E, E),
      'minimum ephemeral-storage usage per Container is 50Mi.  No request is specified',
    ],
    [
      'ctr-1-max-local-ephemeral-storage-request-limit',
      validPod('x', 1, rr(local('250Mi'), local('2Gi'))),
      createLimitRange(C, E, local('1Gi'), E, E, E),
      'maximum ephemeral-storage usage per Container is 1Gi, but limit is 2Gi',
    ],
    [
      'ctr-1-max-local-ephemeral-storage-limit',
      validPod('x', 1, rr(E, local('2Gi'))),
      createLimitRange(C, E, local('1Gi'), E, E, E),
      'maximum ephemeral-storage usage per Container is 1Gi, but limit is 2Gi',
    ],
    [
      'ctr-1-max-local-ephemeral-storage-no-request-limit',
      validPod('x', 1, rr(E, E)),
      createLimitRange(C, E, local('1Gi'), E, E, E),
      'maximum ephemeral-storage usage per Container is 1Gi.  No limit is specified',
    ],
    [
      'pod-min-local-ephemeral-storage-request',
      validPod('x', 1, rr(local('60Mi'), E)),
      createLimitRange(P, local('100Mi'), E, E, E, E),
      'minimum ephemeral-storage usage per Pod is 100Mi, but request is 60Mi',
    ],
    [
      'pod-max-local-ephemeral-storage-limit',
      validPod('x', 3, rr(E, local('500Mi'))),
      createLimitRange(P, E, local('1Gi'), E, E, E),
      'maximum ephemeral-storage usage per Pod is 1Gi, but limit is 1500Mi',
    ],
    [
      'ctr-max-cpu-limit-restartable-init-container',
      withRestartableInitContainer(compute('1500m', ''), E, validPod('x', 1, rr(compute('1000m', ''), compute('1500m', '')))),
      createLimitRange(P, E, compute('2', ''), E, E, E),
      'maximum cpu usage per Pod is 2, but request is 2500m',
    ],
  ];
  it.each(errors)('error %s', (_name, pod, lr, first) => {
    const errs = podLimitViolations(lr, podMutateLimitFunc(pod, lr));
    expect(errs[0]).toBe(first);
  });
});
