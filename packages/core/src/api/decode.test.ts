import { describe, expect, it } from 'vitest';
import { decodeError, decodeFailure } from './decode.js';

const deployment = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'web' }) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata,
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
    ...spec,
  },
});

const HEAD = 'Deployment in version "v1" cannot be handled as a Deployment: ';

describe('decodeError: the API server decodes into Go types before validating', () => {
  it.each([
    [
      'a fraction',
      { replicas: 2.5 },
      'json: cannot unmarshal number 2.5 into Go struct field DeploymentSpec.spec.replicas of type int32',
    ],
    [
      'a string',
      { replicas: '3' },
      'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    ],
    ['a bool', { replicas: true }, 'json: cannot unmarshal bool into Go struct field DeploymentSpec.spec.replicas of type int32'],
    [
      'past int32',
      { replicas: 3_000_000_000 },
      'json: cannot unmarshal number 3000000000 into Go struct field DeploymentSpec.spec.replicas of type int32',
    ],
    [
      'below int32',
      { minReadySeconds: -2_147_483_649 },
      'json: cannot unmarshal number -2147483649 into Go struct field DeploymentSpec.spec.minReadySeconds of type int32',
    ],
    [
      'NaN (from the TypeScript API)',
      { replicas: Number.NaN },
      'json: cannot unmarshal number NaN into Go struct field DeploymentSpec.spec.replicas of type int32',
    ],
    [
      'a nested field, named without list indexes',
      {
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              { name: 'web', image: 'nginx' },
              { name: 'b', image: 'b', ports: [{ containerPort: '80' }] },
            ],
          },
        },
      },
      'json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32',
    ],
    [
      'a number where a string goes',
      {
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx', env: [{ name: 'A', value: 1 }] }] },
        },
      },
      'json: cannot unmarshal number into Go struct field EnvVar.spec.template.spec.containers.env.value of type string',
    ],
    [
      'an int64 past its range',
      { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [], terminationGracePeriodSeconds: 2 ** 63 } } },
      'json: cannot unmarshal number 9223372036854775808 into Go struct field PodSpec.spec.template.spec.terminationGracePeriodSeconds of type int64',
    ],
    [
      'an IntOrString decodes itself (no field named)',
      { strategy: { rollingUpdate: { maxSurge: 1.5 } } },
      'json: cannot unmarshal number 1.5 into Go value of type int32',
    ],
    [
      'a struct given a string',
      { strategy: 'RollingUpdate' },
      'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.strategy of type v1.DeploymentStrategy',
    ],
  ])('%s', (_name, spec, message) => {
    expect(decodeError(deployment(spec))).toBe(HEAD + message);
  });

  it('a label value that is not a string', () => {
    expect(decodeError(deployment({}, { name: 'web', labels: { version: 1 } }))).toBe(
      `${HEAD}json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string`,
    );
  });

  it('accepts whole numbers in range, strings in IntOrString, and null', () => {
    expect(
      decodeError(deployment({ replicas: 2_147_483_647, strategy: { rollingUpdate: { maxSurge: '25%' } } })),
    ).toBeUndefined();
    expect(decodeError(deployment({ replicas: null, progressDeadlineSeconds: 3.0 }))).toBeUndefined();
  });

  it('names where the value is, list indexes included', () => {
    const d = deployment({
      template: {
        metadata: {},
        spec: { containers: [{ name: 'a' }, { name: 'b', ports: [{ containerPort: 1 }, { hostPort: 0.5 }] }] },
      },
    });
    expect(decodeFailure(d)?.path).toEqual(['spec', 'template', 'spec', 'containers', 1, 'ports', 1, 'hostPort']);
  });

  it('other kinds: a Job, an HPA, a Service', () => {
    expect(decodeError({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { backoffLimit: 1.5 } })).toBe(
      'Job in version "v1" cannot be handled as a Job: json: cannot unmarshal number 1.5 into Go struct field JobSpec.spec.backoffLimit of type int32',
    );
    expect(
      decodeError({
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'h' },
        spec: { maxReplicas: '10' },
      }),
    ).toBe(
      'HorizontalPodAutoscaler in version "v2" cannot be handled as a HorizontalPodAutoscaler: json: cannot unmarshal string into Go struct field HorizontalPodAutoscalerSpec.spec.maxReplicas of type int32',
    );
    expect(decodeError({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80.5 }] } })).toBe(
      'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal number 80.5 into Go struct field ServicePort.spec.ports.port of type int32',
    );
  });
});

describe('the reducer refuses what does not decode, before validating it', () => {
  it('an Apply with replicas 2.5 is a BadRequest and stores nothing', async () => {
    const { Simulation } = await import('../index.js');
    const sim = new Simulation({ seed: 1, objects: [deployment({ replicas: 2.5 }) as never] });
    sim.run('1s');
    expect(sim.get('Deployment', 'web')).toBeUndefined();
    expect(sim.log.entries().find((e) => e.event.type === 'Apply')?.error).toEqual({
      reason: 'BadRequest',
      message: `${HEAD}json: cannot unmarshal number 2.5 into Go struct field DeploymentSpec.spec.replicas of type int32`,
    });
  });

  it("a Scale to 2.5 is a BadRequest in the Scale decoder's words", async () => {
    const { Simulation } = await import('../index.js');
    const sim = new Simulation({ seed: 1, objects: [deployment({ replicas: 2 }) as never] });
    sim.scale({ kind: 'Deployment', name: 'web' }, 2.5, '1s');
    sim.run('2s');
    expect(sim.get('Deployment', 'web')?.spec.replicas).toBe(2);
    expect(sim.log.entries().find((e) => e.event.type === 'Scale')?.error?.message).toBe(
      'Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal number 2.5 into Go struct field ScaleSpec.spec.replicas of type int32',
    );
  });
});
