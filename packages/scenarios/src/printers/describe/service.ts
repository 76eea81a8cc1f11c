import type { ClusterView, Endpoints, Millis, Service } from '@kubesim/core';
import { formatLabels } from '../get.js';
import { describeEvents } from './events.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import { LEVEL_0, tabbedString } from './writer.js';

/**
 * formatEndpoints: the ready `ip:port` pairs of the service port's name (an address alone for
 * a subset without ports), three at most and then `+ N more...`; `<none>` without subsets.
 * kubectl 1.33+ reads EndpointSlices instead; kubesim keeps Endpoints, which give the same text.
 */
export function formatEndpoints(ep: Endpoints | undefined, portName: string | undefined): string {
  const subsets = ep?.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let count = 0;
  const add = (s: string): void => {
    if (list.length < max) list.push(s);
    count++;
  };
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    if (ports.length === 0) {
      for (const a of addresses) add(a.ip);
      continue;
    }
    for (const p of ports) {
      if (portName !== undefined && (p.name ?? '') !== portName) continue;
      for (const a of addresses) add(`${a.ip.includes(':') ? `[${a.ip}]` : a.ip}:${p.port}`);
    }
  }
  const shown = list.join(',');
  return count > max ? `${shown} + ${count - max} more...` : shown;
}

type ServiceSpec = Service['spec'] & {
  ipFamilyPolicy?: string;
  ipFamilies?: string[];
  externalIPs?: string[];
  loadBalancerIP?: string;
  externalName?: string;
  externalTrafficPolicy?: string;
  internalTrafficPolicy?: string;
  healthCheckNodePort?: number;
  loadBalancerSourceRanges?: string[];
  trafficDistribution?: string;
};

type Port = NonNullable<Service['spec']['ports']>[number] & { appProtocol?: string };

/** describeService: addressing, one block per port with its endpoints, then traffic policy. */
export function describeService(view: ClusterView, svc: Service, now: Millis): string {
  const spec = svc.spec as ServiceSpec;
  const endpoints = view.get('Endpoints', svc.metadata.namespace, svc.metadata.name ?? '');
  const ingress =
    (svc.status as { loadBalancer?: { ingress?: { ip?: string; hostname?: string; ipMode?: string }[] } } | undefined)
      ?.loadBalancer?.ingress ?? [];
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${svc.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${svc.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', svc.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', svc.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${formatLabels(spec.selector)}\n`);
    w.write(LEVEL_0, `Type:\t${spec.type ?? ''}\n`);
    if (spec.ipFamilyPolicy !== undefined) w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
    w.write(LEVEL_0, `IP Families:\t${(spec.ipFamilies ?? []).length > 0 ? (spec.ipFamilies ?? []).join(',') : '<none>'}\n`);
    w.write(LEVEL_0, `IP:\t${spec.clusterIP ?? ''}\n`);
    w.write(LEVEL_0, `IPs:\t${(spec.clusterIPs ?? []).length > 0 ? (spec.clusterIPs ?? []).join(',') : '<none>'}\n`);
    if ((spec.externalIPs ?? []).length > 0) w.write(LEVEL_0, `External IPs:\t${(spec.externalIPs ?? []).join(',')}\n`);
    if (spec.loadBalancerIP) w.write(LEVEL_0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
    if (spec.externalName) w.write(LEVEL_0, `External Name:\t${spec.externalName}\n`);
    if (ingress.length > 0) {
      const list = ingress.map((i) => (i.ip ? `${i.ip}${i.ipMode ? ` (${i.ipMode})` : ''}` : (i.hostname ?? ''))).join(', ');
      w.write(LEVEL_0, `LoadBalancer Ingress:\t${list}\n`);
    }
    for (const p of (spec.ports ?? []) as Port[]) {
      const name = p.name ? p.name : '<unset>';
      const protocol = p.protocol ?? '';
      w.write(LEVEL_0, `Port:\t${name}\t${p.port}/${protocol}\n`);
      w.write(LEVEL_0, `TargetPort:\t${p.targetPort ?? 0}/${protocol}\n`);
      if (p.appProtocol !== undefined) w.write(LEVEL_0, `AppProtocol:\t${p.appProtocol}\n`);
      if (p.nodePort) w.write(LEVEL_0, `NodePort:\t${name}\t${p.nodePort}/${protocol}\n`);
      w.write(LEVEL_0, `Endpoints:\t${formatEndpoints(endpoints, p.name ?? '')}\n`);
    }
    w.write(LEVEL_0, `Session Affinity:\t${spec.sessionAffinity ?? ''}\n`);
    if (spec.externalTrafficPolicy) w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
    if (spec.internalTrafficPolicy !== undefined) w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
    if (spec.healthCheckNodePort) w.write(LEVEL_0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
    if ((spec.loadBalancerSourceRanges ?? []).length > 0) {
      w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${(spec.loadBalancerSourceRanges ?? []).join(',')}\n`);
    }
    if (spec.trafficDistribution !== undefined) w.write(LEVEL_0, `Traffic Distribution:\t${spec.trafficDistribution}\n`);
    describeEvents(view.eventsFor(svc.metadata.uid ?? ''), w, now);
  });
}
