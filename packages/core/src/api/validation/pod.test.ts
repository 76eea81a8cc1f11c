import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../defaults.js';
import { fieldErrorString } from '../fieldErrors.js';
import type { KubeObject, Toleration } from '../types.js';
import { validateObject } from './index.js';
import { validateTolerations } from './pod.js';

// biome-ignore lint/suspicious/noExplicitAny: hand-written manifests are mutated freely in tweaks
type Manifest = Record<string, any>;

function apiErrors(obj: unknown): string[] {
  return validateObject(applyDefaults(obj as KubeObject)).map(fieldErrorString);
}

const POD = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default' },
  spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] },
};

function pod(tweak: (p: Manifest) => void = () => {}): Manifest {
  const p = structuredClone(POD) as Manifest;
  tweak(p);
  return p;
}
const c0 = 'spec.containers[0]';

describe('TestValidatePodSpec (the parts kubesim models)', () => {
  it('accepts a plain pod and the usual extras', () => {
    expect(apiErrors(pod())).toEqual([]);
    expect(
      apiErrors(
        pod((p) => {
          p.spec.containers[0].ports = [
            { name: 'http', containerPort: 80 },
            { name: 'dns', containerPort: 53, protocol: 'UDP' },
          ];
          p.spec.containers[0].resources = { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '1', memory: '128Mi' } };
          p.spec.containers[0].readinessProbe = { httpGet: { port: 'http' } };
          p.spec.containers[0].livenessProbe = { tcpSocket: { port: 80 } };
          p.spec.containers[0].volumeMounts = [{ name: 'data', mountPath: '/data' }];
          p.spec.volumes = [{ name: 'data' }];
          p.spec.initContainers = [{ name: 'init', image: 'busybox' }];
          p.spec.nodeSelector = { 'kubernetes.io/os': 'linux' };
          p.spec.activeDeadlineSeconds = 60;
          p.spec.hostname = 'web-0';
          p.spec.subdomain = 'web';
        }),
      ),
    ).toEqual([]);
  });

  const cases: [string, Manifest, string[]][] = [
    ['no containers', pod((p) => (p.spec.containers = [])), ['spec.containers: Required value']],
    [
      'missing name and image',
      pod((p) => (p.spec.containers = [{}])),
      [`${c0}.name: Required value`, `${c0}.image: Required value`],
    ],
    [
      'an invalid container name is a DNS label',
      pod((p) => (p.spec.containers[0].name = 'Web_1')),
      [
        `${c0}.name: Invalid value: "Web_1": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      ],
    ],
    [
      'an image with surrounding whitespace (pods only)',
      pod((p) => (p.spec.containers[0].image = ' nginx')),
      [`${c0}.image: Invalid value: " nginx": must not have leading or trailing whitespace`],
    ],
    [
      'a duplicate between an init container and a container is reported on the init container',
      pod((p) => (p.spec.initContainers = [{ name: 'web', image: 'busybox' }])),
      ['spec.initContainers[0].name: Duplicate value: "web"'],
    ],
    [
      'restartPolicy outside the three',
      pod((p) => (p.spec.restartPolicy = 'Sometimes')),
      ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'],
    ],
    [
      'dnsPolicy outside the four',
      pod((p) => (p.spec.dnsPolicy = 'Google')),
      [
        'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
      ],
    ],
    [
      'activeDeadlineSeconds 0',
      pod((p) => (p.spec.activeDeadlineSeconds = 0)),
      ['spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive'],
    ],
    [
      'imagePullPolicy outside the three',
      pod((p) => (p.spec.containers[0].imagePullPolicy = 'Sometimes')),
      [`${c0}.imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"`],
    ],
    [
      'port name rules and duplicates',
      pod(
        (p) =>
          (p.spec.containers[0].ports = [
            { name: 'http', containerPort: 80 },
            { name: 'http', containerPort: 81 },
            { name: 'HTTP', containerPort: 82 },
          ]),
      ),
      [
        `${c0}.ports[1].name: Duplicate value: "http"`,
        `${c0}.ports[2].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`,
        `${c0}.ports[2].name: Invalid value: "HTTP": must contain at least one letter (a-z)`,
      ],
    ],
    [
      'containerPort 0 is missing; hostPort out of range; an unknown protocol',
      pod((p) => (p.spec.containers[0].ports = [{ containerPort: 0, hostPort: 70000, protocol: 'HTTP' }])),
      [
        `${c0}.ports[0].containerPort: Required value`,
        `${c0}.ports[0].hostPort: Invalid value: 70000: must be between 1 and 65535, inclusive`,
        `${c0}.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"`,
      ],
    ],
    [
      'a mount of a volume that does not exist',
      pod((p) => (p.spec.containers[0].volumeMounts = [{ name: 'data', mountPath: '/data' }])),
      [`${c0}.volumeMounts[0].name: Not found: "data"`],
    ],
    [
      'mount paths must be unique',
      pod((p) => {
        p.spec.volumes = [{ name: 'a' }, { name: 'b' }];
        p.spec.containers[0].volumeMounts = [
          { name: 'a', mountPath: '/x' },
          { name: 'b', mountPath: '/x' },
        ];
      }),
      [`${c0}.volumeMounts[1].mountPath: Invalid value: "/x": must be unique`],
    ],
    [
      'duplicate volume names (and the mount that needs it cannot find a valid one)',
      pod((p) => (p.spec.volumes = [{ name: 'a' }, { name: 'a' }])),
      ['spec.volumes[1].name: Duplicate value: "a"'],
    ],
    [
      'an env var without a name',
      pod((p) => (p.spec.containers[0].env = [{ value: 'x' }])),
      [`${c0}.env[0].name: Required value`],
    ],
    [
      'a liveness probe must succeed once',
      pod((p) => (p.spec.containers[0].livenessProbe = { exec: { command: ['true'] }, successThreshold: 2 })),
      [`${c0}.livenessProbe.successThreshold: Invalid value: 2: must be 1`],
    ],
    [
      'a readiness probe may need more successes',
      pod((p) => (p.spec.containers[0].readinessProbe = { exec: { command: ['true'] }, successThreshold: 2 })),
      [],
    ],
    [
      'a probe needs exactly one handler',
      pod((p) => {
        p.spec.containers[0].readinessProbe = {};
        p.spec.containers[0].livenessProbe = { exec: { command: ['true'] }, tcpSocket: { port: 80 } };
      }),
      [
        `${c0}.livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type`,
        `${c0}.readinessProbe: Required value: must specify a handler type`,
      ],
    ],
    [
      'an httpGet probe on an invalid named port',
      pod((p) => (p.spec.containers[0].readinessProbe = { httpGet: { port: 'web_port' } })),
      [
        `${c0}.readinessProbe.httpGet.port: Invalid value: "web_port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`,
      ],
    ],
    [
      'negative probe timings',
      pod((p) => (p.spec.containers[0].readinessProbe = { exec: { command: ['true'] }, initialDelaySeconds: -1 })),
      [`${c0}.readinessProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0`],
    ],
    [
      'probes on a plain init container',
      pod((p) => (p.spec.initContainers = [{ name: 'init', image: 'busybox', readinessProbe: { exec: { command: ['true'] } } }])),
      ['spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always'],
    ],
    [
      'node selector labels',
      pod((p) => (p.spec.nodeSelector = { disk: 'ssd fast' })),
      [
        "spec.nodeSelector: Invalid value: \"ssd fast\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      ],
    ],
  ];
  it.each(cases)('%s', (_name, obj, want) => expect(apiErrors(obj)).toEqual(want));

  it('the whitespace check is for pods only, not templates', () => {
    const d = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'default' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx ' }] } },
      },
    };
    expect(apiErrors(d)).toEqual([]);
  });
  it('a negative terminationGracePeriodSeconds is accepted (the kubelet treats it as 1)', () => {
    expect(apiErrors(pod((p) => (p.spec.terminationGracePeriodSeconds = -1)))).toEqual([]);
  });
});

describe('TestValidateResourceRequirements', () => {
  const withResources = (resources: unknown) => pod((p) => (p.spec.containers[0].resources = resources));
  const R = `${c0}.resources`;
  const cases: [string, unknown, string[]][] = [
    [
      'request above limit: the error names the requests map and prints canonical quantities',
      { requests: { cpu: '2' }, limits: { cpu: '1000m' } },
      [`${R}.requests: Invalid value: "2": must be less than or equal to cpu limit of 1`],
    ],
    [
      'memory request above limit',
      { requests: { memory: '2048Mi' }, limits: { memory: '1Gi' } },
      [`${R}.requests: Invalid value: "2Gi": must be less than or equal to memory limit of 1Gi`],
    ],
    ['request equal to limit', { requests: { cpu: '500m' }, limits: { cpu: '0.5' } }, []],
    [
      'a negative quantity (a pod copies the limit into its requests, so both report it)',
      { limits: { cpu: '-1' } },
      [
        `${R}.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0`,
        `${R}.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0`,
      ],
    ],
    [
      'an unknown unprefixed resource',
      { requests: { gpu: '1' } },
      [
        `${R}.requests[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified`,
        `${R}.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers`,
      ],
    ],
    [
      'a standard resource that is not for containers',
      { requests: { pods: '1' } },
      [`${R}.requests[pods]: Invalid value: "pods": must be a standard resource for containers`],
    ],
    [
      'an extended resource may not be overcommitted',
      { requests: { 'example.com/gpu': '1' }, limits: { 'example.com/gpu': '2' } },
      [`${R}.requests: Invalid value: "1": must be equal to example.com/gpu limit of 2`],
    ],
    [
      'an extended resource request needs a limit (pods copy limits to requests, not back)',
      { requests: { 'example.com/gpu': '1' } },
      [`${R}.limits: Required value: Limit must be set for non overcommitable resources`],
    ],
    [
      'an extended resource is whole',
      { limits: { 'example.com/gpu': '500m' } },
      [
        `${R}.limits[example.com/gpu]: Invalid value: "500m": must be an integer`,
        `${R}.requests[example.com/gpu]: Invalid value: "500m": must be an integer`,
      ],
    ],
    [
      'huge pages need cpu or memory',
      { limits: { 'hugepages-2Mi': '2Mi' } },
      [`${R}: Forbidden: HugePages require cpu or memory`],
    ],
    [
      'an unparseable quantity is reported with its path',
      { requests: { cpu: '1 core' } },
      [
        `${R}.requests[cpu]: Invalid value: "1 core": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
      ],
    ],
  ];
  it.each(cases)('%s', (_name, resources, want) => expect(apiErrors(withResources(resources))).toEqual(want));
});

describe('TestValidateTolerations', () => {
  const errs = (t: Toleration[]) => validateTolerations(t, 'spec.tolerations').map(fieldErrorString);
  it.each([
    ['Exists with a key and effect', { key: 'foo', operator: 'Exists', effect: 'NoSchedule' }],
    ['Equal with a value', { key: 'foo', operator: 'Equal', value: 'bar', effect: 'NoSchedule' }],
    ['empty operator means Equal', { key: 'foo', value: 'bar' }],
    ['empty key with Exists tolerates everything', { operator: 'Exists' }],
    [
      'tolerationSeconds with NoExecute',
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ],
    ['a prefixed key', { key: 'example.com/foo', operator: 'Exists' }],
  ] as [string, Toleration][])('accepts %s', (_n, t) => expect(errs([t])).toEqual([]));

  const P = 'spec.tolerations[0]';
  it.each([
    [
      'an empty key needs Exists',
      { key: '', operator: 'Equal', value: 'bar' },
      [
        `${P}.operator: Invalid value: "Equal": operator must be Exists when \`key\` is empty, which means "match all values and all keys"`,
      ],
    ],
    [
      'tolerationSeconds needs NoExecute',
      { key: 'foo', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 20 },
      [`${P}.effect: Invalid value: "NoSchedule": effect must be 'NoExecute' when \`tolerationSeconds\` is set`],
    ],
    [
      'Exists with a value renders the whole toleration as the internal struct',
      { key: 'foo', operator: 'Exists', value: 'bar' },
      [
        `${P}.operator: Invalid value: {"Key":"foo","Operator":"Exists","Value":"bar","Effect":"","TolerationSeconds":null}: value must be empty when \`operator\` is 'Exists'`,
      ],
    ],
    [
      'an unknown operator',
      { key: 'foo', operator: 'In' },
      [`${P}.operator: Unsupported value: "In": supported values: "Equal", "Exists"`],
    ],
    [
      'an unknown effect, listed in upstream order',
      { key: 'foo', operator: 'Exists', effect: 'NoScheduleNoAdmit' },
      [`${P}.effect: Unsupported value: "NoScheduleNoAdmit": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"`],
    ],
    [
      'an invalid key',
      { key: 'foo bar', operator: 'Exists' },
      [
        `${P}.key: Invalid value: "foo bar": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      ],
    ],
    [
      'an invalid value is reported at the operator path',
      { key: 'foo', value: 'bar baz' },
      [
        `${P}.operator: Invalid value: "bar baz": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
      ],
    ],
  ] as [string, Toleration, string[]][])('rejects %s', (_n, t, want) => expect(errs([t])).toEqual(want));

  it('pods report them under spec.tolerations', () => {
    expect(apiErrors(pod((p) => (p.spec.tolerations = [{ operator: 'Exists' }, { key: 'x', operator: 'Bogus' }])))).toEqual([
      'spec.tolerations[1].operator: Unsupported value: "Bogus": supported values: "Equal", "Exists"',
    ]);
  });
});
