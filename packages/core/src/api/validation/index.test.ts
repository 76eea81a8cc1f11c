import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../defaults.js';
import { fieldErrorString } from '../fieldErrors.js';
import type { KubeObject } from '../types.js';
import { validateObject, validateUpdate } from './index.js';

// biome-ignore lint/suspicious/noExplicitAny: hand-written manifests are mutated freely in tweaks
type Manifest = Record<string, any>;

/** An update as the API server checks it: both objects defaulted, the new one valid on its own. */
function updateErrors(old: Manifest, tweak: (o: Manifest) => void): string[] {
  const next = structuredClone(old);
  tweak(next);
  const o = applyDefaults(old as KubeObject);
  const n = applyDefaults(next as KubeObject);
  expect(validateObject(n).map(fieldErrorString)).toEqual([]);
  return validateUpdate(o, n).map(fieldErrorString);
}

const template = { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'abc', image: 'image' }] } };
const workload = (apiVersion: string, kind: string, spec: object = {}) => ({
  apiVersion,
  kind,
  metadata: { name: 'abc', namespace: 'default' },
  spec: { selector: { matchLabels: { a: 'b' } }, template, ...spec },
});
const STS_FORBIDDEN =
  "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

describe('selector immutability (apps/v1 registry strategies)', () => {
  const change = (o: Manifest) => {
    o.spec.selector = { matchLabels: { a: 'b', c: 'd' } };
    o.spec.template.metadata.labels = { a: 'b', c: 'd' };
  };
  it.each([
    ['Deployment', 'apps/v1'],
    ['ReplicaSet', 'apps/v1'],
    ['DaemonSet', 'apps/v1'],
  ])('%s: spec.selector: field is immutable, showing the new selector', (kind, apiVersion) => {
    expect(updateErrors(workload(apiVersion, kind), change)).toEqual([
      'spec.selector: Invalid value: {"matchLabels":{"a":"b","c":"d"}}: field is immutable',
    ]);
  });
  it('a ReplicationController may change its selector', () => {
    const rc = {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'r', namespace: 'default' },
      spec: { selector: { a: 'b' }, template },
    };
    expect(
      updateErrors(rc, (o) =>
        Object.assign(o.spec, { selector: { c: 'd' }, template: { ...template, metadata: { labels: { c: 'd' } } } }),
      ),
    ).toEqual([]);
  });
  it('everything else in a Deployment may change', () => {
    const d = workload('apps/v1', 'Deployment');
    expect(
      updateErrors(d, (o) => {
        o.spec.replicas = 7;
        o.spec.template.spec.containers[0].image = 'image:2';
        o.spec.strategy = { type: 'Recreate' };
        o.spec.paused = true;
      }),
    ).toEqual([]);
  });
  it('equal selectors written differently are the same (semantic equality)', () => {
    const d = workload('apps/v1', 'Deployment', { selector: { matchLabels: { a: 'b' }, matchExpressions: [] } });
    expect(updateErrors(d, (o) => (o.spec.selector = { matchLabels: { a: 'b' } }))).toEqual([]);
  });
});

describe('TestValidateStatefulSetUpdate', () => {
  const sts = workload('apps/v1', 'StatefulSet');
  it.each([
    ['update replica count', (o: Manifest) => (o.spec.replicas = 3)],
    ['update containers 1', (o: Manifest) => o.spec.template.spec.containers.push({ name: 'def', image: 'image2' })],
    ['update update strategy', (o: Manifest) => (o.spec.updateStrategy = { type: 'OnDelete' })],
    ['update min ready seconds', (o: Manifest) => (o.spec.minReadySeconds = 10)],
    ['update pvc retention policy', (o: Manifest) => (o.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete' })],
    ['update existing instance with .spec.ordinals.start', (o: Manifest) => (o.spec.ordinals = { start: 3 })],
  ])('success case %s', (_n, tweak) => expect(updateErrors(sts, tweak)).toEqual([]));

  it.each([
    [
      'update selector: the Forbidden covers it, with no separate immutable error',
      (o: Manifest) => {
        o.spec.selector = { matchLabels: { c: 'd' } };
        o.spec.template.metadata.labels = { c: 'd' };
      },
    ],
    ['update pod management policy', (o: Manifest) => (o.spec.podManagementPolicy = 'Parallel')],
    ['update serviceName', (o: Manifest) => (o.spec.serviceName = 'other')],
    ['update revisionHistoryLimit', (o: Manifest) => (o.spec.revisionHistoryLimit = 3)],
    [
      'add new pvc template',
      (o: Manifest) =>
        (o.spec.volumeClaimTemplates = [
          {
            metadata: { name: 'pvc-abc' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        ]),
    ],
  ])('error case %s', (_n, tweak) => expect(updateErrors(sts, tweak)).toEqual([STS_FORBIDDEN]));

  it('update pvc template size', () => {
    const withClaim = workload('apps/v1', 'StatefulSet', {
      volumeClaimTemplates: [
        { metadata: { name: 'pvc-abc' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
      ],
    });
    expect(updateErrors(withClaim, (o) => (o.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '2Gi'))).toEqual([
      STS_FORBIDDEN,
    ]);
  });
});

const POD = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default' },
  spec: {
    containers: [{ name: 'c', image: 'nginx:1.24', ports: [{ containerPort: 80 }] }],
    tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    activeDeadlineSeconds: 100,
  },
};
const POD_FORBIDDEN =
  'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

describe('TestValidatePodUpdate', () => {
  it.each([
    ['a new image', (o: Manifest) => (o.spec.containers[0].image = 'nginx:1.25')],
    ['a shorter deadline', (o: Manifest) => (o.spec.activeDeadlineSeconds = 50)],
    ['an added toleration', (o: Manifest) => o.spec.tolerations.push({ key: 'x', operator: 'Exists' })],
    ['a changed tolerationSeconds', (o: Manifest) => (o.spec.tolerations[0].tolerationSeconds = 10)],
    ['labels (metadata is not the spec)', (o: Manifest) => (o.metadata.labels = { a: 'b' })],
  ])('allows %s', (_n, tweak) => expect(updateErrors(POD, tweak)).toEqual([]));

  it.each([
    ['a changed port', (o: Manifest) => (o.spec.containers[0].ports[0].containerPort = 81), [POD_FORBIDDEN]],
    ['new resources', (o: Manifest) => (o.spec.containers[0].resources = { limits: { cpu: '1' } }), [POD_FORBIDDEN]],
    [
      'an added container',
      (o: Manifest) => o.spec.containers.push({ name: 'd', image: 'x' }),
      ['spec.containers: Forbidden: pod updates may not add or remove containers'],
    ],
    [
      'a longer deadline',
      (o: Manifest) => (o.spec.activeDeadlineSeconds = 200),
      ['spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous value'],
    ],
    [
      'a removed deadline',
      (o: Manifest) => delete o.spec.activeDeadlineSeconds,
      ['spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value'],
    ],
    [
      'a removed toleration',
      (o: Manifest) => (o.spec.tolerations = []),
      ['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds'],
    ],
    [
      'a modified toleration',
      (o: Manifest) => (o.spec.tolerations[0].key = 'node.kubernetes.io/unreachable'),
      ['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds'],
    ],
  ] as [string, (o: Manifest) => void, string[]][])('rejects %s', (_n, tweak, want) =>
    expect(updateErrors(POD, tweak)).toEqual(want),
  );

  it('a negative grace period may be set to 1, nothing else', () => {
    const negative = structuredClone(POD) as Manifest;
    negative.spec.terminationGracePeriodSeconds = -1;
    expect(updateErrors(negative, (o) => (o.spec.terminationGracePeriodSeconds = 1))).toEqual([]);
    expect(updateErrors(negative, (o) => (o.spec.terminationGracePeriodSeconds = 5))).toEqual([POD_FORBIDDEN]);
    expect(updateErrors(POD, (o) => (o.spec.terminationGracePeriodSeconds = 1))).toEqual([POD_FORBIDDEN]);
  });
});

describe('TestValidateJobUpdate', () => {
  const JOB = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'j', namespace: 'default' },
    spec: {
      template: {
        metadata: { labels: { a: 'b' } },
        spec: { containers: [{ name: 'c', image: 'perl' }], restartPolicy: 'Never' },
      },
    },
  };
  it('the template is immutable', () => {
    const [err, ...rest] = updateErrors(JOB, (o) => (o.spec.template.spec.containers[0].image = 'perl:2'));
    expect(rest).toEqual([]);
    expect(err).toMatch(/^spec\.template: Invalid value: \{.*"image":"perl:2".*\}: field is immutable$/);
  });
  it('parallelism and suspend may change', () => {
    expect(updateErrors(JOB, (o) => Object.assign(o.spec, { parallelism: 4, suspend: true }))).toEqual([]);
  });
  it('a suspended Job that never started may change its scheduling directives and labels', () => {
    const suspended = structuredClone(JOB) as Manifest;
    suspended.spec.suspend = true;
    expect(
      updateErrors(suspended, (o) => {
        o.spec.template.spec.nodeSelector = { disk: 'ssd' };
        o.spec.template.metadata.labels = { a: 'b', queue: 'fast' };
      }),
    ).toEqual([]);
    expect(updateErrors(suspended, (o) => (o.spec.template.spec.containers[0].image = 'x'))).toHaveLength(1);
  });
  it('the completion mode is immutable', () => {
    expect(updateErrors(JOB, (o) => Object.assign(o.spec, { completionMode: 'Indexed', completions: 1 }))).toEqual([
      'spec.completionMode: Invalid value: "Indexed": field is immutable',
    ]);
  });
});

describe('Service updates', () => {
  const SVC = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 's', namespace: 'default' },
    spec: { clusterIP: '10.96.0.10', ports: [{ port: 80 }] },
  };
  it('the cluster IP may not change once set', () => {
    expect(updateErrors(SVC, (o) => (o.spec.clusterIP = '10.96.0.11'))).toEqual([
      'spec.clusterIPs[0]: Invalid value: "10.96.0.11": may not change once set',
    ]);
    expect(updateErrors(SVC, (o) => (o.spec.ports[0].port = 8080))).toEqual([]);
  });
});
