import {
  type EndpointAddress,
  type Endpoints,
  isPodReady,
  isPodTerminal,
  type Pod,
  type Service,
  type ServicePort,
} from '@kubesim/core';

/**
 * The addresses and ports of a Service's Endpoints (pkg/controller/endpoint and
 * endpointslice util): which pods are in, ready or not, with which ports, repacked so that
 * addresses offering the same ports share a subset.
 */

export type EndpointSubset = NonNullable<Endpoints['subsets']>[number];
type EndpointPort = NonNullable<EndpointSubset['ports']>[number];

/**
 * ShouldPodBeInEndpoints: not finished, has an IP, and not terminating (unless the service
 * publishes not-ready addresses, which takes terminating pods too).
 */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  if (!pod.status?.podIP && (pod.status?.podIPs ?? []).length === 0) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp !== undefined) return false;
  return true;
}

/** ShouldSetHostname: the pod names a hostname and its subdomain is the service (same namespace). */
export function shouldSetHostname(pod: Pod, svc: Service): boolean {
  return !!pod.spec.hostname && pod.spec.subdomain === svc.metadata.name && pod.metadata.namespace === svc.metadata.namespace;
}

/** podToEndpointAddressForService, with the hostname when it applies. */
export function podToEndpointAddress(pod: Pod, svc: Service): EndpointAddress {
  const ip = pod.status?.podIP ?? pod.status?.podIPs?.[0]?.ip ?? '';
  return {
    ip,
    ...(shouldSetHostname(pod, svc) ? { hostname: pod.spec.hostname as string } : {}),
    ...(pod.spec.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    targetRef: {
      kind: 'Pod',
      namespace: pod.metadata.namespace as string,
      name: pod.metadata.name as string,
      uid: pod.metadata.uid as string,
    },
  };
}

/** FindPort: a number is used as is; a name is looked up among the containers' ports of that protocol. */
export function findPort(pod: Pod, port: ServicePort): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  for (const c of pod.spec.containers) {
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === (port.protocol ?? 'TCP')) return p.containerPort;
    }
  }
  return undefined;
}

interface Entry {
  readonly address: EndpointAddress;
  readonly ready: boolean;
}

function portKey(p: EndpointPort): string {
  return `${p.name ?? ''}\u0000${p.port}\u0000${p.protocol ?? ''}`;
}

function addressKey(a: EndpointAddress): string {
  return `${a.ip}\u0000${a.targetRef?.uid ?? ''}`;
}

function compareAddress(a: EndpointAddress, b: EndpointAddress): number {
  return a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : (a.targetRef?.uid ?? '') < (b.targetRef?.uid ?? '') ? -1 : 1;
}

/**
 * The subsets for a service: each pod that should be in, once per port it serves, ready or
 * not (a service publishing not-ready addresses lists every one as ready), then RepackSubsets:
 * the addresses grouped by the set of ports they offer, sorted.
 */
export function endpointSubsets(svc: Service, pods: readonly Pod[]): EndpointSubset[] {
  const tolerate = svc.spec.publishNotReadyAddresses === true;
  const ports = svc.spec.ports ?? [];
  const headless = svc.spec.clusterIP === 'None';
  // port key → the port and the addresses offering it.
  const byPort = new Map<string, { port: EndpointPort | undefined; addrs: Map<string, Entry> }>();
  const add = (port: EndpointPort | undefined, entry: Entry): void => {
    const key = port === undefined ? '' : portKey(port);
    let group = byPort.get(key);
    if (group === undefined) {
      group = { port, addrs: new Map() };
      byPort.set(key, group);
    }
    group.addrs.set(addressKey(entry.address), entry);
  };
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, tolerate)) continue;
    const entry: Entry = { address: podToEndpointAddress(pod, svc), ready: tolerate || isPodReady(pod) };
    // A headless service may have no ports: the addresses alone.
    if (ports.length === 0) {
      if (headless) add(undefined, entry);
      continue;
    }
    for (const sp of ports) {
      const num = findPort(pod, sp);
      if (num === undefined) continue;
      add({ ...(sp.name !== undefined ? { name: sp.name } : {}), port: num, protocol: sp.protocol ?? 'TCP' }, entry);
    }
  }
  // Group the ports by the exact set of (address, readiness) that offers them.
  const bySet = new Map<string, { ports: EndpointPort[]; addrs: Entry[] }>();
  for (const { port, addrs } of byPort.values()) {
    const entries = [...addrs.values()].sort((a, b) => compareAddress(a.address, b.address));
    const key = entries.map((e) => `${addressKey(e.address)}\u0000${e.ready}`).join('\u0001');
    let set = bySet.get(key);
    if (set === undefined) {
      set = { ports: [], addrs: entries };
      bySet.set(key, set);
    }
    if (port !== undefined) set.ports.push(port);
  }
  const subsets: EndpointSubset[] = [];
  for (const { ports: ps, addrs } of bySet.values()) {
    const ready = addrs.filter((e) => e.ready).map((e) => e.address);
    const notReady = addrs.filter((e) => !e.ready).map((e) => e.address);
    subsets.push({
      ...(ready.length > 0 ? { addresses: ready } : {}),
      ...(notReady.length > 0 ? { notReadyAddresses: notReady } : {}),
      ...(ps.length > 0 ? { ports: ps.sort((a, b) => (portKey(a) < portKey(b) ? -1 : 1)) } : {}),
    });
  }
  const first = (s: EndpointSubset): string => (s.addresses ?? s.notReadyAddresses ?? [])[0]?.ip ?? '';
  return subsets.sort((a, b) => (first(a) < first(b) ? -1 : first(a) > first(b) ? 1 : 0));
}
