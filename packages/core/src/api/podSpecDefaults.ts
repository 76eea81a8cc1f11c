import { frozenInTests } from '../frozen.js';
import { structuralKey } from '../util.js';
import { defaultContainers, unset } from './containerDefaults.js';
import type { Container, PodSpec, Volume } from './types.js';

export { canonicalList, defaultPullPolicy, unset } from './containerDefaults.js';

/**
 * SetDefaults_PodSpec (and SetDefaults_Pod's pod-only parts), as a pure function: it returns
 * its input when nothing needs a default, else a copy that shares every part it did not
 * change (containers: containerDefaults.ts).
 *
 * A defaulted spec is immutable and depends only on its input, so it is computed once per
 * input and shared: by identity (every pod of a template is created from the template's spec
 * object) and by value (pods written out one by one with the same spec). A pod then costs
 * what differs from its template, not a copy of its containers, probes and tolerations.
 */

/** A volume without a source is an emptyDir. */
function defaultVolumes(volumes: Volume[] | undefined): Volume[] | undefined {
  if (volumes === undefined || volumes === null) return volumes;
  let out: Volume[] | undefined;
  volumes.forEach((v, i) => {
    if (Object.keys(v).some((k) => k !== 'name')) return;
    out ??= [...volumes];
    out[i] = Object.assign({}, v, { emptyDir: {} });
  });
  return out ?? volumes;
}

/** The whole walk, for a spec not seen before. */
function walk(spec: PodSpec, isPod: boolean): PodSpec {
  const out: PodSpec = Object.assign({}, spec);
  let changed = false;
  const set = <K extends keyof PodSpec>(k: K, v: PodSpec[K]): void => {
    if (out[k] === v && k in out) return;
    out[k] = v;
    changed = true;
  };
  if (unset(spec.restartPolicy)) set('restartPolicy', 'Always');
  if (unset(spec.dnsPolicy)) set('dnsPolicy', 'ClusterFirst');
  if (spec.terminationGracePeriodSeconds == null) set('terminationGracePeriodSeconds', 30);
  if (unset(spec.schedulerName)) set('schedulerName', 'default-scheduler');
  if (spec.securityContext == null) set('securityContext', {});
  if (isPod && spec.enableServiceLinks == null) set('enableServiceLinks', true);
  // Only pods: in templates this waits behind the DefaultHostNetworkHostPortsInPodTemplates
  // gate, off by default (TestPodHostNetworkDefaults).
  const hostNetwork = isPod && spec.hostNetwork === true;
  if (spec.containers !== undefined) set('containers', defaultContainers(spec.containers, isPod, hostNetwork) as Container[]);
  if (spec.initContainers !== undefined) set('initContainers', defaultContainers(spec.initContainers, isPod, hostNetwork));
  if (spec.volumes !== undefined) set('volumes', defaultVolumes(spec.volumes));
  return changed ? out : spec;
}

/** The defaults only a pod gets (SetDefaults_Pod), for a spec whose template part is done. */
function podOnly(spec: PodSpec): PodSpec {
  const out: PodSpec = Object.assign({}, spec);
  let changed = false;
  if (spec.enableServiceLinks == null) {
    out.enableServiceLinks = true;
    changed = true;
  }
  const hostNetwork = spec.hostNetwork === true;
  const fill = (list: Container[] | undefined): Container[] | undefined => {
    if (list === undefined || list === null) return list;
    let copy: Container[] | undefined;
    list.forEach((c, i) => {
      let next = c;
      const limits = c.resources?.limits;
      if (limits !== undefined && c.resources !== undefined) {
        const requests = c.resources.requests ?? {};
        const missing = Object.entries(limits).filter(([k]) => requests[k] === undefined);
        if (missing.length > 0) {
          const resources = Object.assign({}, c.resources, {
            requests: Object.assign({}, requests, Object.fromEntries(missing)),
          });
          next = Object.assign({}, next, { resources });
        }
      }
      if (hostNetwork) {
        const ports = next.ports?.some((p) => !p.hostPort)
          ? next.ports.map((p) => (p.hostPort ? p : Object.assign({}, p, { hostPort: p.containerPort })))
          : next.ports;
        if (ports !== next.ports) next = Object.assign({}, next, { ports: ports as NonNullable<Container['ports']> });
      }
      if (next === c) return;
      copy ??= [...list];
      copy[i] = next;
    });
    return copy ?? list;
  };
  const containers = fill(spec.containers);
  if (containers !== spec.containers) {
    out.containers = containers as Container[];
    changed = true;
  }
  const init = fill(spec.initContainers);
  if (init !== spec.initContainers) {
    out.initContainers = init as Container[];
    changed = true;
  }
  return changed ? out : spec;
}

/** Template specs that went through defaulting: a pod created from one needs only podOnly. */
const defaultedTemplates = new WeakSet<object>();
const byIdentity = { pod: new WeakMap<PodSpec, PodSpec>(), template: new WeakMap<PodSpec, PodSpec>() };
const byValue = { pod: new Map<string, PodSpec>(), template: new Map<string, PodSpec>() };
const BY_VALUE_LIMIT = 4096;

/** The defaulted spec (shared, immutable) of a pod (`isPod`) or of a pod template. */
export function defaultPodSpec(spec: PodSpec, isPod: boolean): PodSpec {
  const kind = isPod ? 'pod' : 'template';
  const known = byIdentity[kind].get(spec);
  if (known !== undefined) return known;
  const key = defaultedTemplates.has(spec) ? undefined : structuralKey(spec);
  let out = key === undefined ? undefined : byValue[kind].get(key);
  if (out === undefined) {
    out = frozenInTests(isPod && defaultedTemplates.has(spec) ? podOnly(spec) : walk(spec, isPod));
    if (!isPod) defaultedTemplates.add(out);
    if (key !== undefined) {
      if (byValue[kind].size >= BY_VALUE_LIMIT) byValue[kind].clear();
      byValue[kind].set(key, out);
    }
  }
  byIdentity[kind].set(spec, out);
  return out;
}
