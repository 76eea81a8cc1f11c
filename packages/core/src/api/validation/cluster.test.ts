import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../defaults.js';
import { fieldErrorString } from '../fieldErrors.js';
import type { KubeObject } from '../types.js';
import { validateObject } from './index.js';

// biome-ignore lint/suspicious/noExplicitAny: hand-written manifests are mutated freely in tweaks
type Manifest = Record<string, any>;

function apiErrors(obj: unknown): string[] {
  return validateObject(applyDefaults(obj as KubeObject)).map(fieldErrorString);
}

function make(base: object, tweak: (o: Manifest) => void = () => {}): Manifest {
  const o = structuredClone(base) as Manifest;
  tweak(o);
  return o;
}

const DNS_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

const SERVICE = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default' },
  spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
};
const svc = (t?: (o: Manifest) => void) => make(SERVICE, t);

describe('TestValidateService', () => {
  it('accepts the usual services', () => {
    expect(apiErrors(svc())).toEqual([]);
    expect(
      apiErrors(
        svc(
          (s) =>
            (s.spec.ports = [
              { name: 'http', port: 80, targetPort: 'http' },
              { name: 'https', port: 443 },
            ]),
        ),
      ),
    ).toEqual([]);
    expect(apiErrors(svc((s) => Object.assign(s.spec, { clusterIP: 'None', ports: [] })))).toEqual([]);
    expect(apiErrors(svc((s) => Object.assign(s.spec, { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })))).toEqual(
      [],
    );
    expect(apiErrors(svc((s) => (s.spec.sessionAffinity = 'ClientIP')))).toEqual([]);
    expect(
      apiErrors(
        svc(
          (s) =>
            (s.spec.ports = [
              { port: 53, protocol: 'UDP' },
              { port: 53, protocol: 'TCP', name: 'x' },
            ].map((p, i) => ({ ...p, name: `p${i}` }))),
        ),
      ),
    ).toEqual([]);
  });

  const cases: [string, Manifest, string[]][] = [
    [
      'a name is a DNS-1035 label: no leading digit',
      svc((s) => (s.metadata.name = '1web')),
      [`metadata.name: Invalid value: "1web": ${DNS1035_MSG}`],
    ],
    [
      'no dots in a Service name',
      svc((s) => (s.metadata.name = 'web.app')),
      [`metadata.name: Invalid value: "web.app": ${DNS1035_MSG}`],
    ],
    ['no ports', svc((s) => (s.spec.ports = [])), ['spec.ports: Required value']],
    [
      'several ports need names',
      svc((s) => (s.spec.ports = [{ port: 80 }, { port: 443 }])),
      ['spec.ports[0].name: Required value', 'spec.ports[1].name: Required value'],
    ],
    [
      'Service port names are DNS labels',
      svc((s) => (s.spec.ports = [{ name: 'Web_Port', port: 80 }])),
      [`spec.ports[0].name: Invalid value: "Web_Port": ${DNS_LABEL_MSG}`],
    ],
    [
      'duplicate port names',
      svc(
        (s) =>
          (s.spec.ports = [
            { name: 'a', port: 80 },
            { name: 'a', port: 81 },
          ]),
      ),
      ['spec.ports[1].name: Duplicate value: "a"'],
    ],
    [
      'port 0 (targetPort is defaulted from it, so it fails too)',
      svc((s) => (s.spec.ports = [{ port: 0 }])),
      [
        'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
        'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
      ],
    ],
    [
      'an unknown protocol',
      svc((s) => (s.spec.ports = [{ port: 80, protocol: 'HTTP' }])),
      ['spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"'],
    ],
    [
      'an invalid named targetPort',
      svc((s) => (s.spec.ports = [{ port: 80, targetPort: 'web--port' }])),
      ['spec.ports[0].targetPort: Invalid value: "web--port": must not contain consecutive hyphens'],
    ],
    [
      'a duplicate (protocol, port) pair',
      svc(
        (s) =>
          (s.spec.ports = [
            { name: 'a', port: 80 },
            { name: 'b', port: 80 },
          ]),
      ),
      ['spec.ports[1]: Duplicate value: {"Protocol":"TCP","Port":80}'],
    ],
    [
      'nodePort on a ClusterIP Service',
      svc((s) => (s.spec.ports = [{ port: 80, nodePort: 30080 }])),
      ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
    ],
    [
      'duplicate node ports',
      svc((s) =>
        Object.assign(s.spec, {
          type: 'NodePort',
          ports: [
            { name: 'a', port: 80, nodePort: 30080 },
            { name: 'b', port: 81, nodePort: 30080 },
          ],
        }),
      ),
      ['spec.ports[1].nodePort: Duplicate value: 30080'],
    ],
    [
      'an unknown type (supported values sorted, as sets.List does)',
      svc((s) => (s.spec.type = 'Internal')),
      ['spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"'],
    ],
    [
      'an unknown session affinity',
      svc((s) => (s.spec.sessionAffinity = 'Sticky')),
      ['spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"'],
    ],
    [
      'selector labels',
      svc((s) => (s.spec.selector = { 'app name': 'web' })),
      [
        "spec.selector: Invalid value: \"app name\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      ],
    ],
  ];
  it.each(cases)('%s', (_name, obj, want) => expect(apiErrors(obj)).toEqual(want));
});

const PVC = {
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'data', namespace: 'default' },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
};
const pvc = (t?: (o: Manifest) => void) => make(PVC, t);

describe('TestValidatePersistentVolumeClaim', () => {
  it('accepts a claim', () => {
    expect(apiErrors(pvc())).toEqual([]);
    expect(apiErrors(pvc((p) => (p.spec.selector = { matchLabels: { tier: 'fast' } })))).toEqual([]);
  });
  const cases: [string, Manifest, string[]][] = [
    [
      'no access modes',
      pvc((p) => (p.spec.accessModes = [])),
      ['spec.accessModes: Required value: at least 1 access mode is required'],
    ],
    [
      'an unknown access mode (sorted list)',
      pvc((p) => (p.spec.accessModes = ['ReadWriteSometimes'])),
      [
        'spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
      ],
    ],
    [
      'ReadWriteOncePod with another mode',
      pvc((p) => (p.spec.accessModes = ['ReadWriteOncePod', 'ReadWriteOnce'])),
      ['spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes'],
    ],
    ['no storage request', pvc((p) => (p.spec.resources = {})), ['spec.resources[storage]: Required value']],
    [
      'a zero storage request',
      pvc((p) => (p.spec.resources.requests.storage = '0Gi')),
      ['spec.resources[storage]: Invalid value: "0": must be greater than zero'],
    ],
    [
      'an invalid selector',
      pvc((p) => (p.spec.selector = { matchExpressions: [{ key: 'tier', operator: 'Exists', values: ['x'] }] })),
      ["spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"],
    ],
  ];
  it.each(cases)('%s', (_name, obj, want) => expect(apiErrors(obj)).toEqual(want));
});

describe('TestValidatePersistentVolume and StorageClass', () => {
  const PV = {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'pv1' },
    spec: { accessModes: ['ReadWriteOnce'], capacity: { storage: '10Gi' }, hostPath: { path: '/data' } },
  };
  it('PV', () => {
    expect(apiErrors(PV)).toEqual([]);
    expect(apiErrors(make(PV, (p) => (p.metadata.namespace = 'default')))).toEqual([
      'metadata.namespace: Forbidden: not allowed on this type',
    ]);
    expect(apiErrors(make(PV, (p) => (p.spec.persistentVolumeReclaimPolicy = 'Keep')))).toEqual([
      'spec.persistentVolumeReclaimPolicy: Unsupported value: "Keep": supported values: "Delete", "Recycle", "Retain"',
    ]);
    expect(apiErrors(make(PV, (p) => delete p.spec.capacity))).toEqual(['spec.capacity: Required value']);
  });
  it('StorageClass', () => {
    const sc = {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'fast' },
      provisioner: 'example.com/p',
    };
    expect(apiErrors(sc)).toEqual([]);
    expect(apiErrors(make(sc, (s) => (s.volumeBindingMode = 'Later')))).toEqual([
      'volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"',
    ]);
  });
});

describe('TestValidateNode (taints)', () => {
  const NODE = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' }, spec: {} };
  const node = (taints: unknown[]) => make(NODE, (n) => (n.spec.taints = taints));
  it('accepts taints', () => {
    expect(
      apiErrors(
        node([
          { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
          { key: 'dedicated', effect: 'NoExecute' },
        ]),
      ),
    ).toEqual([]);
  });
  it('upstream reports node taints under metadata.taints', () => {
    expect(apiErrors(node([{ key: 'dedicated', effect: 'Sometimes' }]))).toEqual([
      'metadata.taints[0].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ]);
    expect(apiErrors(node([{ key: 'dedicated' }]))).toEqual(['metadata.taints[0].effect: Required value']);
  });
  it('taints are unique by key and effect', () => {
    expect(
      apiErrors(
        node([
          { key: 'a', effect: 'NoSchedule' },
          { key: 'a', value: 'x', effect: 'NoSchedule' },
        ]),
      ),
    ).toEqual([
      'metadata.taints[1]: Duplicate value: {"Key":"a","Value":"x","Effect":"NoSchedule","TimeAdded":null}: taints must be unique by key and effect pair',
    ]);
  });
  it('keys and values follow the label rules', () => {
    expect(apiErrors(node([{ key: '', effect: 'NoSchedule' }]))[0]).toBe(
      'metadata.taints[0].key: Invalid value: "": name part must be non-empty',
    );
    expect(apiErrors(node([{ key: 'a', value: '-x', effect: 'NoSchedule' }]))[0]).toMatch(
      /^metadata\.taints\[0\]\.value: Invalid value: "-x": a valid label must be/,
    );
  });
});
