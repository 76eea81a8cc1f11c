import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../defaults.js';
import { fieldErrorString, InvalidObjectError } from '../fieldErrors.js';
import type { KubeObject } from '../types.js';
import { validateObject } from './index.js';

/** What the API server answers on create: defaults first, then validation. */
function apiErrors(obj: unknown): string[] {
  return validateObject(applyDefaults(obj as KubeObject)).map(fieldErrorString);
}

// biome-ignore lint/suspicious/noExplicitAny: hand-written manifests are mutated freely in tweaks
type Manifest = Record<string, any>;
type Tweak = (o: Manifest) => void;

function build(base: object, ...tweaks: Tweak[]): Manifest {
  const o = structuredClone(base) as Manifest;
  for (const t of tweaks) t(o);
  return o;
}

const PERCENT_MSG =
  "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";
const MISMATCH = '`selector` does not match template `labels`';
const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

/** validDeployment() from apps/validation_test.go. */
const DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'abc', namespace: 'default' },
  spec: {
    selector: { matchLabels: { name: 'abc' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } },
    template: { metadata: { labels: { name: 'abc' } }, spec: { containers: [{ name: 'abc', image: 'image' }] } },
  },
};
const dep = (...t: Tweak[]) => build(DEPLOYMENT, ...t);

describe('TestValidateDeployment', () => {
  it('accepts the valid deployment, also on the host network', () => {
    expect(apiErrors(dep())).toEqual([]);
    expect(
      apiErrors(
        dep((d) => {
          d.spec.template.spec.hostNetwork = true;
          d.spec.template.spec.containers[0].ports = [{ containerPort: 12345, protocol: 'TCP' }];
        }),
      ),
    ).toEqual([]);
  });

  const cases: [string, Manifest, string[]][] = [
    [
      'selector does not match the template labels',
      dep((d) => {
        d.spec.selector.matchLabels = { name: 'def' };
      }),
      [`spec.template.metadata.labels: Invalid value: {"name":"abc"}: ${MISMATCH}`],
    ],
    [
      'restartPolicy must be Always',
      dep((d) => {
        d.spec.template.spec.restartPolicy = 'Never';
      }),
      ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    ],
    [
      'OnFailure is a valid pod policy but not for a Deployment',
      dep((d) => {
        d.spec.template.spec.restartPolicy = 'OnFailure';
      }),
      ['spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"'],
    ],
    [
      'rollingUpdate is forbidden for Recreate',
      dep((d) => {
        d.spec.strategy = { type: 'Recreate', rollingUpdate: {} };
      }),
      ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"],
    ],
    [
      'maxSurge must be a percent string',
      dep((d) => {
        d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '20Percent' } };
      }),
      [`spec.strategy.rollingUpdate.maxSurge: Invalid value: "20Percent": ${PERCENT_MSG}`],
    ],
    [
      'a number in a string is not a percent',
      dep((d) => {
        d.spec.strategy.rollingUpdate = { maxSurge: '90', maxUnavailable: 1 };
      }),
      [`spec.strategy.rollingUpdate.maxSurge: Invalid value: "90": ${PERCENT_MSG}`],
    ],
    [
      'maxSurge and maxUnavailable cannot both be zero',
      dep((d) => {
        d.spec.strategy.rollingUpdate = { maxSurge: '0%', maxUnavailable: 0 };
      }),
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0'],
    ],
    [
      'both zero as ints',
      dep((d) => {
        d.spec.strategy.rollingUpdate = { maxSurge: 0, maxUnavailable: 0 };
      }),
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0'],
    ],
    [
      'both zero as percents renders the string',
      dep((d) => {
        d.spec.strategy.rollingUpdate = { maxSurge: '0%', maxUnavailable: '0%' };
      }),
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "0%": may not be 0 when `maxSurge` is 0'],
    ],
    [
      'maxUnavailable may not exceed 100%',
      dep((d) => {
        d.spec.strategy.rollingUpdate = { maxUnavailable: '110%' };
      }),
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "110%": must not be greater than 100%'],
    ],
    [
      'negative maxUnavailable',
      dep((d) => {
        d.spec.strategy.rollingUpdate.maxUnavailable = -1;
      }),
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'progressDeadlineSeconds must exceed minReadySeconds',
      dep((d) => {
        d.spec.progressDeadlineSeconds = 600;
        d.spec.minReadySeconds = 600;
      }),
      ['spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds'],
    ],
    [
      'minReadySeconds above the default deadline',
      dep((d) => {
        d.spec.minReadySeconds = 700;
      }),
      ['spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds'],
    ],
    [
      'negative replicas',
      dep((d) => {
        d.spec.replicas = -1;
      }),
      ['spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'negative revisionHistoryLimit',
      dep((d) => {
        d.spec.revisionHistoryLimit = -2;
      }),
      ['spec.revisionHistoryLimit: Invalid value: -2: must be greater than or equal to 0'],
    ],
    [
      'missing image',
      dep((d) => {
        delete d.spec.template.spec.containers[0].image;
      }),
      ['spec.template.spec.containers[0].image: Required value'],
    ],
    [
      'duplicate container names',
      dep((d) => {
        d.spec.template.spec.containers.push({ name: 'abc', image: 'other' });
      }),
      ['spec.template.spec.containers[1].name: Duplicate value: "abc"'],
    ],
    [
      'container port out of range',
      dep((d) => {
        d.spec.template.spec.containers[0].ports = [{ containerPort: 70000 }];
      }),
      ['spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive'],
    ],
    [
      'a missing selector (apps/v1 does not default it) also fails the template match',
      dep((d) => {
        delete d.spec.selector;
      }),
      ['spec.selector: Required value', `spec.template.metadata.labels: Invalid value: {"name":"abc"}: ${MISMATCH}`],
    ],
    [
      'an empty selector',
      dep((d) => {
        d.spec.selector = {};
      }),
      ['spec.selector: Invalid value: {}: empty selector is invalid for deployment'],
    ],
    [
      'an invalid selector skips the template checks',
      dep((d) => {
        d.spec.selector = { matchLabels: { 'Bad Key': 'abc' } };
        delete d.spec.template.spec.containers[0].image;
      }),
      [
        `spec.selector.matchLabels: Invalid value: "Bad Key": ${NAME_PART_MSG}`,
        'spec.selector: Invalid value: {"matchLabels":{"Bad Key":"abc"}}: invalid label selector',
      ],
    ],
    [
      'In without values',
      dep((d) => {
        d.spec.selector = { matchExpressions: [{ key: 'name', operator: 'In', values: [] }] };
      }),
      [
        "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
        'spec.selector: Invalid value: {"matchExpressions":[{"key":"name","operator":"In","values":[]}]}: invalid label selector',
      ],
    ],
    [
      'activeDeadlineSeconds is not supported in a template',
      dep((d) => {
        d.spec.template.spec.activeDeadlineSeconds = 30;
      }),
      ['spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported'],
    ],
    [
      'template labels are checked at spec.template.labels (upstream path)',
      dep((d) => {
        d.spec.template.metadata.labels['bad key'] = 'x';
      }),
      [`spec.template.labels: Invalid value: "bad key": ${NAME_PART_MSG}`],
    ],
    [
      'an invalid name',
      dep((d) => {
        d.metadata.name = 'Web_App';
      }),
      [
        "metadata.name: Invalid value: \"Web_App\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ],
    ],
  ];
  it.each(cases)('%s', (_name, obj, want) => expect(apiErrors(obj)).toEqual(want));

  it('metadata.name: Required value', () => {
    expect(apiErrors(dep((d) => delete d.metadata.name))[0]).toBe(
      'metadata.name: Required value: name or generateName is required',
    );
  });
  it('an unknown strategy type lists the supported ones', () => {
    const [err, ...rest] = apiErrors(dep((d) => (d.spec.strategy = { type: 'randomType' })));
    expect(rest).toEqual([]);
    expect(err).toMatch(/^spec\.strategy: Unsupported value: .*"randomType".*: supported values: "Recreate", "RollingUpdate"$/);
  });
  it('accepts the edges: 100% unavailable, any surge, revisionHistoryLimit 0, one of the two zero', () => {
    for (const ru of [
      { maxUnavailable: '100%' },
      { maxSurge: '200%' },
      { maxSurge: 0, maxUnavailable: '1%' },
      { maxSurge: 1, maxUnavailable: 0 },
    ]) {
      expect(apiErrors(dep((d) => (d.spec.strategy.rollingUpdate = ru)))).toEqual([]);
    }
    expect(apiErrors(dep((d) => (d.spec.revisionHistoryLimit = 0)))).toEqual([]);
  });
  it('kubectl prints the missing-selector case as a two-line list', () => {
    const obj = applyDefaults(dep((d) => delete d.spec.selector) as unknown as KubeObject);
    expect(new InvalidObjectError('Deployment', 'abc', validateObject(obj)).kubectlMessage()).toBe(
      [
        'The Deployment "abc" is invalid: ',
        '* spec.selector: Required value',
        `* spec.template.metadata.labels: Invalid value: {"name":"abc"}: ${MISMATCH}`,
      ].join('\n'),
    );
  });
  it('kubectl prints a single missing image on one line', () => {
    const obj = applyDefaults(dep((d) => delete d.spec.template.spec.containers[0].image) as unknown as KubeObject);
    expect(new InvalidObjectError('Deployment', 'abc', validateObject(obj)).kubectlMessage()).toBe(
      'The Deployment "abc" is invalid: spec.template.spec.containers[0].image: Required value',
    );
  });
});

/** The ReplicaSet of TestValidateReplicaSet: labels {a: b}. */
const REPLICASET = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'abc', namespace: 'default' },
  spec: {
    selector: { matchLabels: { a: 'b' } },
    template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'ctr', image: 'image' }] } },
  },
};
const rs = (...t: Tweak[]) => build(REPLICASET, ...t);

describe('TestValidateReplicaSet', () => {
  it('success cases', () => {
    expect(apiErrors(rs())).toEqual([]);
    expect(apiErrors(rs((r) => (r.metadata.name = 'abc-123')))).toEqual([]);
    expect(apiErrors(rs((r) => (r.spec.replicas = 1)))).toEqual([]);
  });
  const cases: [string, Manifest, string[]][] = [
    ['zero-length ID', rs((r) => (r.metadata.name = '')), ['metadata.name: Required value: name or generateName is required']],
    ['missing-namespace', rs((r) => delete r.metadata.namespace), ['metadata.namespace: Required value']],
    [
      'empty selector (nil)',
      rs((r) => delete r.spec.selector),
      ['spec.selector: Required value', `spec.template.metadata.labels: Invalid value: {"a":"b"}: ${MISMATCH}`],
    ],
    [
      'empty selector ({}) uses the Deployment wording, as upstream does',
      rs((r) => (r.spec.selector = {})),
      ['spec.selector: Invalid value: {}: empty selector is invalid for deployment'],
    ],
    [
      'selector_doesnt_match',
      rs((r) => (r.spec.selector = { matchLabels: { foo: 'bar' } })),
      [`spec.template.metadata.labels: Invalid value: {"a":"b"}: ${MISMATCH}`],
    ],
    [
      'invalid manifest (no containers)',
      rs((r) => (r.spec.template.spec.containers = [])),
      ['spec.template.spec.containers: Required value'],
    ],
    [
      'negative_replicas',
      rs((r) => (r.spec.replicas = -1)),
      ['spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'invalid_label',
      rs((r) => (r.metadata.labels = { 'NoUppercaseOrSpecialCharsLike=Equals': 'bar' })),
      [`metadata.labels: Invalid value: "NoUppercaseOrSpecialCharsLike=Equals": ${NAME_PART_MSG}`],
    ],
    [
      'invalid restart policy 2',
      rs((r) => (r.spec.template.spec.restartPolicy = 'Never')),
      ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    ],
    [
      'invalid selector (TestValidateReplicaSetUpdate: 2 errors besides the name change)',
      rs((r) => (r.spec.selector = { matchLabels: { 'NoUppercaseOrSpecialCharsLike=Equals': 'b' } })),
      [
        `spec.selector.matchLabels: Invalid value: "NoUppercaseOrSpecialCharsLike=Equals": ${NAME_PART_MSG}`,
        'spec.selector: Invalid value: {"matchLabels":{"NoUppercaseOrSpecialCharsLike=Equals":"b"}}: invalid label selector',
      ],
    ],
    [
      'invalid pod (TestValidateReplicaSetUpdate: 3 errors besides the name change)',
      rs((r) => {
        r.spec.template.metadata.labels = { 'NoUppercaseOrSpecialCharsLike=Equals': 'b' };
        r.spec.template.spec.containers = [];
      }),
      [
        `spec.template.metadata.labels: Invalid value: {"NoUppercaseOrSpecialCharsLike=Equals":"b"}: ${MISMATCH}`,
        `spec.template.labels: Invalid value: "NoUppercaseOrSpecialCharsLike=Equals": ${NAME_PART_MSG}`,
        'spec.template.spec.containers: Required value',
      ],
    ],
    [
      'negative minReadySeconds',
      rs((r) => (r.spec.minReadySeconds = -1)),
      ['spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0'],
    ],
  ];
  it.each(cases)('%s', (_name, obj, want) => expect(apiErrors(obj)).toEqual(want));
});

const RC = {
  apiVersion: 'v1',
  kind: 'ReplicationController',
  metadata: { name: 'abc', namespace: 'default' },
  spec: {
    selector: { a: 'b' },
    template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'ctr', image: 'image' }] } },
  },
};
const rcOf = (...t: Tweak[]) => build(RC, ...t);

describe('TestValidateReplicationController', () => {
  it('accepts a valid RC, and one whose selector is defaulted from the template', () => {
    expect(apiErrors(rcOf())).toEqual([]);
    expect(apiErrors(rcOf((r) => delete r.spec.selector))).toEqual([]);
  });
  const cases: [string, Manifest, string[]][] = [
    [
      'selector_doesnt_match',
      rcOf((r) => (r.spec.selector = { foo: 'bar' })),
      [`spec.template.metadata.labels: Invalid value: {"a":"b"}: ${MISMATCH}`],
    ],
    [
      'empty selector (no template labels to default from)',
      rcOf((r) => {
        delete r.spec.selector;
        r.spec.template.metadata.labels = {};
      }),
      ['spec.selector: Required value'],
    ],
    ['missing template', rcOf((r) => delete r.spec.template), ['spec.template: Required value']],
    [
      'negative replicas',
      rcOf((r) => (r.spec.replicas = -1)),
      ['spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'restartPolicy must be Always',
      rcOf((r) => (r.spec.template.spec.restartPolicy = 'OnFailure')),
      ['spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"'],
    ],
    [
      'activeDeadlineSeconds',
      rcOf((r) => (r.spec.template.spec.activeDeadlineSeconds = 10)),
      ['spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicationController is not Supported'],
    ],
  ];
  it.each(cases)('%s', (_name, obj, want) => expect(apiErrors(obj)).toEqual(want));
});

/** mkStatefulSet(&validPodTemplate) from apps/validation_test.go. */
const STS = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'abc', namespace: 'default' },
  spec: {
    selector: { matchLabels: { a: 'b' } },
    template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'abc', image: 'image' }] } },
  },
};
const sts = (...t: Tweak[]) => build(STS, ...t);

describe('TestValidateStatefulSet', () => {
  const success: [string, Manifest][] = [
    ['alpha name', sts()],
    ['alphanumeric name', sts((s) => (s.metadata.name = 'abc-123'))],
    ['parallel pod management', sts((s) => (s.spec.podManagementPolicy = 'Parallel'))],
    [
      'update strategy',
      sts((s) =>
        Object.assign(s.spec, { replicas: 3, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } }),
      ),
    ],
    ['PVC policy', sts((s) => (s.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete', whenScaled: 'Retain' }))],
    [
      'maxUnavailable',
      sts((s) => (s.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: 2, maxUnavailable: 2 } })),
    ],
    ['ordinals.start positive value', sts((s) => Object.assign(s.spec, { replicas: 3, ordinals: { start: 2 } }))],
    ['an empty podManagementPolicy is defaulted', sts((s) => (s.spec.podManagementPolicy = ''))],
    ['an empty update strategy type is defaulted', sts((s) => (s.spec.updateStrategy = { type: '' }))],
    ['TestValidateStatefulSetMinReadySeconds: very large', sts((s) => (s.spec.minReadySeconds = 2147483647))],
  ];
  it.each(success)('success case %s', (_name, obj) => expect(apiErrors(obj)).toEqual([]));

  const LABEL_MSG =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
  const cases: [string, Manifest, string[]][] = [
    ['zero-length name', sts((s) => (s.metadata.name = '')), ['metadata.name: Required value: name or generateName is required']],
    [
      'name-with-dots: a StatefulSet name is a DNS label',
      sts((s) => (s.metadata.name = 'abc.123')),
      ['metadata.name: Invalid value: "abc.123": must not contain dots'],
    ],
    [
      'long name',
      sts((s) => (s.metadata.name = 'a'.repeat(64))),
      [`metadata.name: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`],
    ],
    ['missing-namespace', sts((s) => delete s.metadata.namespace), ['metadata.namespace: Required value']],
    [
      'empty selector',
      sts((s) => delete s.spec.selector),
      ['spec.selector: Required value', `spec.template.metadata.labels: Invalid value: {"a":"b"}: ${MISMATCH}`],
    ],
    [
      'selector_doesnt_match',
      sts((s) => (s.spec.selector = { matchLabels: { foo: 'bar' } })),
      [`spec.template.metadata.labels: Invalid value: {"a":"b"}: ${MISMATCH}`],
    ],
    [
      'negative_replicas',
      sts((s) => (s.spec.replicas = -1)),
      ['spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'invalid_label',
      sts((s) => (s.metadata.labels = { 'NoUppercaseOrSpecialCharsLike=Equals': 'bar' })),
      [`metadata.labels: Invalid value: "NoUppercaseOrSpecialCharsLike=Equals": ${NAME_PART_MSG}`],
    ],
    [
      'invalid_label 2 (an invalid selector gets an empty detail for StatefulSets)',
      sts((s) => (s.spec.selector = { matchLabels: { 'NoUppercaseOrSpecialCharsLike=Equals': 'b' } })),
      [
        `spec.selector.matchLabels: Invalid value: "NoUppercaseOrSpecialCharsLike=Equals": ${NAME_PART_MSG}`,
        'spec.selector: Invalid value: {"matchLabels":{"NoUppercaseOrSpecialCharsLike=Equals":"b"}}',
      ],
    ],
    [
      'invalid_annotation',
      sts((s) => (s.metadata.annotations = { 'NoUppercaseOrSpecialCharsLike=Equals': 'bar' })),
      [`metadata.annotations: Invalid value: "NoUppercaseOrSpecialCharsLike=Equals": ${NAME_PART_MSG}`],
    ],
    [
      'invalid restart policy 1',
      sts((s) => (s.spec.template.spec.restartPolicy = 'OnFailure')),
      ['spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"'],
    ],
    [
      'invalid restart policy 2',
      sts((s) => (s.spec.template.spec.restartPolicy = 'Never')),
      ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    ],
    [
      'invalid update strategy',
      sts((s) => Object.assign(s.spec, { replicas: 3, updateStrategy: { type: 'foo' } })),
      ['spec.updateStrategy: Invalid value: {"type":"foo"}: must be \'RollingUpdate\' or \'OnDelete\''],
    ],
    [
      'invalid rolling update',
      sts((s) => (s.spec.updateStrategy = { type: 'OnDelete', rollingUpdate: { partition: 1 } })),
      ['spec.updateStrategy.rollingUpdate: Invalid value: {"partition":1}: only allowed for updateStrategy \'RollingUpdate\''],
    ],
    [
      'negative partition',
      sts((s) => (s.spec.updateStrategy = { rollingUpdate: { partition: -1 } })),
      ['spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'invalid pod management policy',
      sts((s) => (s.spec.podManagementPolicy = 'foo')),
      ["spec.podManagementPolicy: Invalid value: \"foo\": must be 'OrderedReady' or 'Parallel'"],
    ],
    [
      'set active deadline seconds',
      sts((s) => (s.spec.template.spec.activeDeadlineSeconds = 60)),
      ['spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported'],
    ],
    [
      'invalid PersistentVolumeClaimRetentionPolicy',
      sts(
        (s) =>
          (s.spec.persistentVolumeClaimRetentionPolicy = {
            whenDeleted: 'invalid-retention-policy',
            whenScaled: 'invalid-retention-policy',
          }),
      ),
      [
        'spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "invalid-retention-policy": supported values: "Retain", "Delete"',
        'spec.persistentVolumeClaimRetentionPolicy.whenScaled: Unsupported value: "invalid-retention-policy": supported values: "Retain", "Delete"',
      ],
    ],
    [
      'zero maxUnavailable',
      sts((s) => (s.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } })),
      ['spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0'],
    ],
    [
      'zero percent maxUnavailable',
      sts((s) => (s.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '0%' } })),
      ['spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "0%": cannot be 0'],
    ],
    [
      'greater than 100 percent maxUnavailable',
      sts((s) => (s.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '101%' } })),
      ['spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "101%": must not be greater than 100%'],
    ],
    [
      'invalid ordinals.start (upstream path is the single segment "ordinals.start")',
      sts((s) => (s.spec.ordinals = { start: -2 })),
      ['spec.ordinals.start: Invalid value: -2: must be greater than or equal to 0'],
    ],
    [
      'TestValidateStatefulSetMinReadySeconds: negative',
      sts((s) => (s.spec.minReadySeconds = -1)),
      ['spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'the name is a DNS label, not a subdomain',
      sts((s) => (s.metadata.name = 'Web')),
      [`metadata.name: Invalid value: "Web": ${LABEL_MSG}`],
    ],
  ];
  it.each(cases)('error case %s', (_name, obj, want) => expect(apiErrors(obj)).toEqual(want));
});

const DS = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'abc', namespace: 'default' },
  spec: {
    selector: { matchLabels: { a: 'b' } },
    template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'abc', image: 'image' }] } },
  },
};
const ds = (...t: Tweak[]) => build(DS, ...t);

describe('TestValidateDaemonSet', () => {
  it('success cases', () => {
    expect(apiErrors(ds())).toEqual([]);
    expect(apiErrors(ds((d) => (d.spec.updateStrategy = { type: 'OnDelete' })))).toEqual([]);
    expect(apiErrors(ds((d) => (d.spec.updateStrategy = { rollingUpdate: { maxUnavailable: 0, maxSurge: '10%' } })))).toEqual([]);
    expect(apiErrors(ds((d) => (d.spec.updateStrategy = { rollingUpdate: { maxUnavailable: '100%' } })))).toEqual([]);
  });
  const cases: [string, Manifest, string[]][] = [
    [
      'nil selector: no Required error, just no match',
      ds((d) => delete d.spec.selector),
      [`spec.template.metadata.labels: Invalid value: {"a":"b"}: ${MISMATCH}`],
    ],
    [
      'empty selector',
      ds((d) => (d.spec.selector = {})),
      ['spec.selector: Invalid value: {}: empty selector is invalid for daemonset'],
    ],
    [
      'selector_doesnt_match',
      ds((d) => (d.spec.selector = { matchLabels: { foo: 'bar' } })),
      [`spec.template.metadata.labels: Invalid value: {"a":"b"}: ${MISMATCH}`],
    ],
    [
      'invalid restart policy 1',
      ds((d) => (d.spec.template.spec.restartPolicy = 'OnFailure')),
      ['spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"'],
    ],
    [
      'maxSurge with maxUnavailable',
      ds((d) => (d.spec.updateStrategy = { rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } })),
      ['spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero'],
    ],
    [
      'both zero',
      ds((d) => (d.spec.updateStrategy = { rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } })),
      ['spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0'],
    ],
    [
      'both over 100%, reported before the exclusivity rule',
      ds((d) => (d.spec.updateStrategy = { rollingUpdate: { maxUnavailable: '101%', maxSurge: '150%' } })),
      [
        'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "101%": must not be greater than 100%',
        'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: "150%": must not be greater than 100%',
        'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: "150%": may not be set when maxUnavailable is non-zero',
      ],
    ],
    [
      'invalid update strategy',
      ds((d) => (d.spec.updateStrategy = { type: 'Random' })),
      ['spec.updateStrategy: Unsupported value: {"type":"Random"}: supported values: "RollingUpdate", "OnDelete"'],
    ],
    [
      'negative revisionHistoryLimit',
      ds((d) => (d.spec.revisionHistoryLimit = -1)),
      ['spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'activeDeadlineSeconds',
      ds((d) => (d.spec.template.spec.activeDeadlineSeconds = 1)),
      ['spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported'],
    ],
  ];
  it.each(cases)('%s', (_name, obj, want) => expect(apiErrors(obj)).toEqual(want));
});

const JOB = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'pi', namespace: 'default' },
  spec: { template: { spec: { containers: [{ name: 'pi', image: 'perl' }], restartPolicy: 'Never' } } },
};
const job = (...t: Tweak[]) => build(JOB, ...t);

describe('TestValidateJob', () => {
  it('accepts Never and OnFailure, and a zero activeDeadlineSeconds', () => {
    expect(apiErrors(job())).toEqual([]);
    expect(apiErrors(job((j) => (j.spec.template.spec.restartPolicy = 'OnFailure')))).toEqual([]);
    expect(apiErrors(job((j) => (j.spec.activeDeadlineSeconds = 0)))).toEqual([]);
    expect(
      apiErrors(job((j) => Object.assign(j.spec, { completionMode: 'Indexed', completions: 3, backoffLimitPerIndex: 1 }))),
    ).toEqual([]);
  });
  const cases: [string, Manifest, string[]][] = [
    [
      'a defaulted (Always) restart policy is Required to be OnFailure or Never',
      job((j) => delete j.spec.template.spec.restartPolicy),
      ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'],
    ],
    [
      'an explicit Always too',
      job((j) => (j.spec.template.spec.restartPolicy = 'Always')),
      ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'],
    ],
    [
      'podFailurePolicy needs Never',
      job((j) => {
        j.spec.template.spec.restartPolicy = 'OnFailure';
        j.spec.podFailurePolicy = { rules: [] };
      }),
      [
        'spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified',
      ],
    ],
    [
      'negative parallelism',
      job((j) => (j.spec.parallelism = -1)),
      ['spec.parallelism: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'negative completions',
      job((j) => (j.spec.completions = -1)),
      ['spec.completions: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'negative activeDeadlineSeconds',
      job((j) => (j.spec.activeDeadlineSeconds = -1)),
      ['spec.activeDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'negative backoffLimit',
      job((j) => (j.spec.backoffLimit = -1)),
      ['spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'Indexed without completions',
      job((j) => Object.assign(j.spec, { completionMode: 'Indexed', parallelism: 2 })),
      ['spec.completions: Required value: when completion mode is Indexed'],
    ],
    [
      'backoffLimitPerIndex needs Indexed',
      job((j) => (j.spec.backoffLimitPerIndex = 1)),
      ['spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode'],
    ],
    [
      'an unknown completion mode',
      job((j) => (j.spec.completionMode = 'Ordered')),
      ['spec.completionMode: Unsupported value: "Ordered": supported values: "NonIndexed", "Indexed"'],
    ],
  ];
  it.each(cases)('%s', (_name, obj, want) => expect(apiErrors(obj)).toEqual(want));
});

describe('TestValidateCronJob and TestValidateHorizontalPodAutoscaler', () => {
  const cron = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'c', namespace: 'default' },
    spec: {
      schedule: '*/1 * * * *',
      jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'x' }], restartPolicy: 'OnFailure' } } } },
    },
  };
  it('CronJob', () => {
    expect(apiErrors(cron)).toEqual([]);
    expect(apiErrors(build(cron, (c) => (c.spec.concurrencyPolicy = 'Sometimes')))).toEqual([
      'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
    ]);
    expect(apiErrors(build(cron, (c) => (c.spec.schedule = '')))).toEqual(['spec.schedule: Required value']);
  });
  const hpa = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'h', namespace: 'default' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 5 },
  };
  it('HPA replica bounds, in upstream order', () => {
    expect(apiErrors(hpa)).toEqual([]);
    expect(apiErrors(build(hpa, (h) => (h.spec.minReplicas = 0)))).toEqual([
      'spec.minReplicas: Invalid value: 0: must be greater than or equal to 1',
    ]);
    expect(apiErrors(build(hpa, (h) => Object.assign(h.spec, { minReplicas: 3, maxReplicas: 0 })))).toEqual([
      'spec.maxReplicas: Invalid value: 0: must be greater than 0',
      'spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`',
    ]);
    expect(apiErrors(build(hpa, (h) => (h.spec.maxReplicas = 1)))).toEqual([
      'spec.maxReplicas: Invalid value: 1: must be greater than or equal to `minReplicas`',
    ]);
  });
});
