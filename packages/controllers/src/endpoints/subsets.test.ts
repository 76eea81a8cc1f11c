import type { Pod, Service } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { endpointSubsets, findPort, shouldPodBeInEndpoints, shouldSetHostname } from './subsets.js';

/** The endpoints controller's address and port rules (endpoints_controller.go, endpointslice util, RepackSubsets). */

function pod(
  name: string,
  ip: string | undefined,
  ready: boolean,
  extra: Partial<Pod['spec']> = {},
  meta: Partial<Pod['metadata']> = {},
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: { app: 'web' }, ...meta },
    spec: { containers: [{ name: 'c', ports: [{ name: 'http', containerPort: 8080 }] }], ...extra },
    status: {
      phase: 'Running',
      ...(ip !== undefined ? { podIP: ip } : {}),
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
  };
}

function service(spec: Partial<Service['spec']> = {}): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default' },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }], ...spec },
  };
}

const ips = (subset: { addresses?: { ip: string }[]; notReadyAddresses?: { ip: string }[] } | undefined) => ({
  ready: (subset?.addresses ?? []).map((a) => a.ip),
  notReady: (subset?.notReadyAddresses ?? []).map((a) => a.ip),
});

describe('ShouldPodBeInEndpoints', () => {
  it.each([
    ['running with an IP', pod('a', '10.0.0.1', true), false, true],
    ['no IP yet', pod('a', undefined, true), false, false],
    ['finished', { ...pod('a', '10.0.0.1', false), status: { phase: 'Succeeded' as const, podIP: '10.0.0.1' } }, false, false],
    ['terminating', pod('a', '10.0.0.1', true, {}, { deletionTimestamp: 5 }), false, false],
    ['terminating, publishing not-ready addresses', pod('a', '10.0.0.1', true, {}, { deletionTimestamp: 5 }), true, true],
  ] as const)('%s', (_name, p, includeTerminating, want) => {
    expect(shouldPodBeInEndpoints(p, includeTerminating)).toBe(want);
  });
});

describe('endpointSubsets', () => {
  it('ready pods under addresses, the others under notReadyAddresses, sorted by IP, with the target port', () => {
    const subsets = endpointSubsets(service(), [
      pod('b', '10.0.0.2', true),
      pod('a', '10.0.0.10', false),
      pod('c', '10.0.0.1', true),
    ]);
    expect(subsets).toHaveLength(1);
    expect(ips(subsets[0])).toEqual({ ready: ['10.0.0.1', '10.0.0.2'], notReady: ['10.0.0.10'] });
    expect(subsets[0]?.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(subsets[0]?.addresses?.[0]).toEqual({
      ip: '10.0.0.1',
      targetRef: { kind: 'Pod', namespace: 'default', name: 'c', uid: 'uid-c' },
    });
  });

  it('publishNotReadyAddresses lists every pod as ready', () => {
    const subsets = endpointSubsets(service({ publishNotReadyAddresses: true }), [pod('a', '10.0.0.1', false)]);
    expect(ips(subsets[0])).toEqual({ ready: ['10.0.0.1'], notReady: [] });
  });

  it('a named target port resolves per pod; pods without it are left out of that port (RepackSubsets groups by port set)', () => {
    const svc = service({
      ports: [
        { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
        { name: 'metrics', port: 9090, targetPort: 9090, protocol: 'TCP' },
      ],
    });
    const other = pod('b', '10.0.0.2', true, { containers: [{ name: 'c', ports: [{ name: 'web', containerPort: 80 }] }] });
    const subsets = endpointSubsets(svc, [pod('a', '10.0.0.1', true), other]);
    expect(subsets.map((s) => [ips(s).ready, (s.ports ?? []).map((p) => `${p.name}:${p.port}`)])).toEqual([
      [['10.0.0.1'], ['http:8080']],
      [['10.0.0.1', '10.0.0.2'], ['metrics:9090']],
    ]);
    expect(findPort(other, { name: 'http', port: 80, targetPort: 'http' })).toBeUndefined();
  });

  it('the hostname is set only for pods whose subdomain is the service', () => {
    const svc = service({ clusterIP: 'None' });
    const mine = pod('web-0', '10.0.0.1', true, { hostname: 'web-0', subdomain: 'web' });
    const other = pod('db-0', '10.0.0.2', true, { hostname: 'db-0', subdomain: 'db' });
    expect(shouldSetHostname(mine, svc)).toBe(true);
    expect(shouldSetHostname(other, svc)).toBe(false);
    const subsets = endpointSubsets(svc, [mine, other]);
    expect(subsets[0]?.addresses?.map((a) => a.hostname)).toEqual(['web-0', undefined]);
  });

  it('a headless service without ports still lists its addresses', () => {
    const subsets = endpointSubsets(service({ clusterIP: 'None', ports: [] }), [pod('a', '10.0.0.1', true)]);
    expect(subsets).toEqual([{ addresses: [expect.objectContaining({ ip: '10.0.0.1' })] }]);
  });
});
