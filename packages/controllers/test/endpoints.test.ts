import type { Deployment, Endpoints, Service } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { nslookup, reverseLookup } from '../src/endpoints/dns.js';
import { cluster, FIVE_SECONDS, nginxDeployment } from './helpers.js';

/** The endpoints controller and cluster DNS, end to end with a Deployment's pods. */

function service(name: string, spec: Partial<Service['spec']> = {}, namespace = 'default'): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: { selector: { app: 'nginx' }, ports: [{ port: 80 }], ...spec },
  };
}

function readyIps(ep: Endpoints | undefined): string[] {
  return (ep?.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip)).sort();
}

function notReadyIps(ep: Endpoints | undefined): string[] {
  return (ep?.subsets ?? []).flatMap((s) => (s.notReadyAddresses ?? []).map((a) => a.ip)).sort();
}

function podIps(sim: ReturnType<typeof cluster>): string[] {
  return sim
    .list('Pod')
    .map((p) => p.status?.podIP as string)
    .sort();
}

describe('Endpoints', () => {
  it('lists the ready pods of a service, not-ready ones apart, and follows them as they come and go', () => {
    const sim = cluster({
      nodes: ['node1'],
      imageProfiles: [FIVE_SECONDS],
      objects: [service('web'), nginxDeployment({ replicas: 3 })],
    });
    sim.run('3500ms');
    // Started (with IPs) but not Ready yet.
    let ep = sim.get('Endpoints', 'web');
    expect(readyIps(ep)).toEqual([]);
    expect(notReadyIps(ep)).toEqual(podIps(sim));
    sim.run('30s');
    ep = sim.get('Endpoints', 'web');
    expect(readyIps(ep)).toEqual(podIps(sim));
    expect(ep?.subsets?.[0]?.ports).toEqual([{ port: 80, protocol: 'TCP' }]);
    expect(ep?.metadata.labels).toBeUndefined();
    // A terminating pod leaves at once.
    const victim = sim.list('Pod')[0]?.metadata.name as string;
    sim.delete({ kind: 'Pod', name: victim }, {}, '30s');
    sim.run('30.01s');
    expect(readyIps(sim.get('Endpoints', 'web'))).toHaveLength(2);
    sim.run('1m');
    expect(readyIps(sim.get('Endpoints', 'web'))).toHaveLength(3);
  });

  it('publishNotReadyAddresses lists pods before they are Ready; a service without a selector, or an ExternalName one, is left alone', () => {
    const sim = cluster({
      nodes: ['node1'],
      imageProfiles: [FIVE_SECONDS],
      objects: [
        service('eager', { publishNotReadyAddresses: true }),
        service('manual', { selector: {} }),
        service('external', { type: 'ExternalName', externalName: 'db.example.com' }),
        nginxDeployment({ replicas: 2 }),
      ],
    });
    sim.run('3500ms');
    expect(readyIps(sim.get('Endpoints', 'eager'))).toEqual(podIps(sim));
    expect(sim.get('Endpoints', 'manual')).toBeUndefined();
    expect(sim.get('Endpoints', 'external')).toBeUndefined();
  });

  it('a deleted service takes its endpoints with it', () => {
    const sim = cluster({
      nodes: ['node1'],
      imageProfiles: [FIVE_SECONDS],
      objects: [service('web'), nginxDeployment({ replicas: 1 })],
    });
    sim.run('10s');
    expect(sim.get('Endpoints', 'web')).toBeDefined();
    sim.delete({ kind: 'Service', name: 'web' }, {}, '10s');
    sim.run('11s');
    expect(sim.get('Endpoints', 'web')).toBeUndefined();
  });
});

describe('nslookup', () => {
  const setup = () => {
    const d: Deployment = nginxDeployment({ replicas: 2 });
    const sim = cluster({
      nodes: ['node1'],
      imageProfiles: [FIVE_SECONDS],
      objects: [
        // Namespaces are real: `prod` is created before the Service in it.
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' } },
        service('web'),
        service('web-headless', { clusterIP: 'None' }),
        service('other', {}, 'prod'),
        d,
      ],
    });
    sim.run('30s');
    return sim;
  };

  it('a normal service resolves to its ClusterIP, by every form of its name from its namespace', () => {
    const sim = setup();
    const ip = sim.get('Service', 'web')?.spec.clusterIP as string;
    for (const name of [
      'web',
      'web.default',
      'web.default.svc',
      'web.default.svc.cluster.local',
      'web.default.svc.cluster.local.',
    ]) {
      expect(nslookup(sim.view, name)).toEqual({
        status: 'NOERROR',
        name: 'web.default.svc.cluster.local',
        kind: 'ClusterIP',
        addresses: [ip],
      });
    }
  });

  it('from another namespace the short name fails; the qualified one resolves', () => {
    const sim = setup();
    expect(nslookup(sim.view, 'web', 'prod')).toEqual({ status: 'NXDOMAIN', name: 'web' });
    expect(nslookup(sim.view, 'other', 'prod')).toMatchObject({ status: 'NOERROR', kind: 'ClusterIP' });
    expect(nslookup(sim.view, 'other')).toMatchObject({ status: 'NXDOMAIN' });
    expect(nslookup(sim.view, 'other.prod')).toMatchObject({ status: 'NOERROR', name: 'other.prod.svc.cluster.local' });
  });

  it('a headless service resolves to the IPs of its ready pods; pods without a matching subdomain get no name of their own', () => {
    const sim = setup();
    expect(nslookup(sim.view, 'web-headless')).toEqual({
      status: 'NOERROR',
      name: 'web-headless.default.svc.cluster.local',
      kind: 'Headless',
      addresses: podIps(sim),
    });
    const podName = sim.list('Pod')[0]?.metadata.name as string;
    expect(nslookup(sim.view, `${podName}.web-headless`).status).toBe('NXDOMAIN');
    // The dashed-IP name of an endpoint without a hostname does resolve.
    const ip = podIps(sim)[0] as string;
    expect(nslookup(sim.view, `${ip.replace(/\./g, '-')}.web-headless`)).toMatchObject({ kind: 'Endpoint', addresses: [ip] });
    // A normal service has no per-endpoint names.
    expect(nslookup(sim.view, `${ip.replace(/\./g, '-')}.web`).status).toBe('NXDOMAIN');
  });

  it('pod A records and unknown names', () => {
    const sim = setup();
    expect(nslookup(sim.view, '10-244-0-7.default.pod.cluster.local')).toEqual({
      status: 'NOERROR',
      name: '10-244-0-7.default.pod.cluster.local',
      kind: 'Pod',
      addresses: ['10.244.0.7'],
    });
    expect(nslookup(sim.view, 'nope.default.svc.cluster.local')).toEqual({
      status: 'NXDOMAIN',
      name: 'nope.default.svc.cluster.local',
    });
    expect(nslookup(sim.view, 'example.com')).toMatchObject({ status: 'NXDOMAIN' });
  });

  it('reverse lookups: a ClusterIP names its Service, a headless endpoint its dashed IP under the Service', () => {
    const sim = setup();
    const clusterIP = sim.get('Service', 'web')?.spec.clusterIP as string;
    expect(reverseLookup(sim.view, clusterIP)).toBe('web.default.svc.cluster.local');
    const ip = podIps(sim)[0] as string;
    expect(reverseLookup(sim.view, ip)).toBe(`${ip.replace(/\./g, '-')}.web-headless.default.svc.cluster.local`);
    expect(reverseLookup(sim.view, '192.0.2.1')).toBeUndefined();
  });
});
