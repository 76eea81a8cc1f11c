import type { ClusterView, Endpoints } from '@kubesim/core';

/**
 * Cluster DNS as CoreDNS's kubernetes plugin serves it, read from Services and Endpoints:
 * - `<svc>.<ns>.svc.<domain>`: a normal service's ClusterIP; for a headless one the IPs of
 *   its ready endpoints (every endpoint when it publishes not-ready addresses);
 * - `<hostname>.<svc>.<ns>.svc.<domain>`: the endpoint of a headless service with that
 *   hostname (a StatefulSet pod whose subdomain is the service), or with that dashed IP;
 * - `<a-b-c-d>.<ns>.pod.<domain>`: the pod A record.
 * Names are tried through a pod's search path (`<ns>.svc.<domain> svc.<domain> <domain>`,
 * ndots 5), so `web-0.nginx` from namespace default finds `web-0.nginx.default.svc.cluster.local`.
 */

export const CLUSTER_DOMAIN = 'cluster.local';

/** What a DNS name resolved through: a ClusterIP Service, a headless Service, an endpoint, a pod or an ExternalName. */
export type DnsRecordKind = 'ClusterIP' | 'Headless' | 'Endpoint' | 'Pod' | 'ExternalName';

/** The cluster DNS's answer to a name: NOERROR with what it resolved to, or NXDOMAIN. */
export type DnsAnswer =
  | {
      readonly status: 'NOERROR';
      /** The name that answered (fully qualified, no trailing dot). */
      readonly name: string;
      readonly kind: DnsRecordKind;
      /** A records, sorted; empty for a headless service with no ready endpoint (NODATA). */
      readonly addresses: readonly string[];
      /** The CNAME target of an ExternalName service. */
      readonly cname?: string;
    }
  | { readonly status: 'NXDOMAIN'; readonly name: string };

const NDOTS = 5;

function readyIps(ep: Endpoints | undefined): string[] {
  const ips = new Set<string>();
  for (const s of ep?.subsets ?? []) for (const a of s.addresses ?? []) ips.add(a.ip);
  return [...ips].sort();
}

function dashed(ip: string): string {
  return ip.replace(/[.:]/g, '-');
}

/** Resolves one fully qualified name, or undefined for NXDOMAIN. */
function resolveFqdn(view: ClusterView, fqdn: string, domain: string): DnsAnswer | undefined {
  const suffix = `.${domain}`;
  if (!fqdn.endsWith(suffix)) return undefined;
  const labels = fqdn.slice(0, -suffix.length).split('.');
  if (labels.length === 3 && labels[2] === 'svc') {
    const [svcName, ns] = labels as [string, string];
    const svc = view.get('Service', ns, svcName);
    if (svc === undefined) return undefined;
    if (svc.spec.type === 'ExternalName') {
      const cname = String(svc.spec.externalName ?? '');
      return { status: 'NOERROR', name: fqdn, kind: 'ExternalName', addresses: [], cname };
    }
    if (svc.spec.clusterIP !== 'None') {
      return { status: 'NOERROR', name: fqdn, kind: 'ClusterIP', addresses: svc.spec.clusterIP ? [svc.spec.clusterIP] : [] };
    }
    return { status: 'NOERROR', name: fqdn, kind: 'Headless', addresses: readyIps(view.get('Endpoints', ns, svcName)) };
  }
  if (labels.length === 4 && labels[3] === 'svc') {
    const [host, svcName, ns] = labels as [string, string, string];
    const svc = view.get('Service', ns, svcName);
    if (svc === undefined || svc.spec.clusterIP !== 'None') return undefined;
    const ips = new Set<string>();
    for (const s of view.get('Endpoints', ns, svcName)?.subsets ?? []) {
      for (const a of s.addresses ?? []) if ((a.hostname ?? dashed(a.ip)) === host) ips.add(a.ip);
    }
    if (ips.size === 0) return undefined;
    return { status: 'NOERROR', name: fqdn, kind: 'Endpoint', addresses: [...ips].sort() };
  }
  if (labels.length === 3 && labels[2] === 'pod') {
    const [ipLabel] = labels as [string];
    const ip = ipLabel.replace(/-/g, '.');
    if (!/^[0-9]+(\.[0-9]+){3}$/.test(ip)) return undefined;
    return { status: 'NOERROR', name: fqdn, kind: 'Pod', addresses: [ip] };
  }
  return undefined;
}

/**
 * What `nslookup <name>` run in a pod of `fromNamespace` answers: the first name of the
 * search path that exists.
 */
export function nslookup(
  view: ClusterView,
  name: string,
  fromNamespace = 'default',
  clusterDomain: string = CLUSTER_DOMAIN,
): DnsAnswer {
  const absolute = name.endsWith('.');
  const bare = (absolute ? name.slice(0, -1) : name).toLowerCase();
  const search = [`${fromNamespace}.svc.${clusterDomain}`, `svc.${clusterDomain}`, clusterDomain].map((d) => `${bare}.${d}`);
  const dots = bare.split('.').length - 1;
  const candidates = absolute ? [bare] : dots >= NDOTS ? [bare, ...search] : [...search, bare];
  for (const fqdn of candidates) {
    const answer = resolveFqdn(view, fqdn, clusterDomain);
    if (answer !== undefined) return answer;
  }
  return { status: 'NXDOMAIN', name: bare };
}

/**
 * The PTR answer for an address (what busybox's nslookup prints after each address): a
 * Service's name for its ClusterIP, `<hostname or dashed IP>.<svc>.<ns>.svc.<domain>` for an
 * endpoint of a headless Service; undefined when CoreDNS has no record for it.
 */
export function reverseLookup(view: ClusterView, ip: string, clusterDomain: string = CLUSTER_DOMAIN): string | undefined {
  for (const svc of view.list('Service')) {
    const ns = svc.metadata.namespace ?? 'default';
    const name = svc.metadata.name ?? '';
    if (svc.spec.clusterIP === ip) return `${name}.${ns}.svc.${clusterDomain}`;
    if (svc.spec.clusterIP !== 'None') continue;
    for (const s of view.get('Endpoints', ns, name)?.subsets ?? []) {
      const a = s.addresses?.find((x) => x.ip === ip);
      if (a !== undefined) return `${a.hostname ?? dashed(ip)}.${name}.${ns}.svc.${clusterDomain}`;
    }
  }
  return undefined;
}
