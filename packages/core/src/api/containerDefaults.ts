import { formatQuantity, parseQuantity } from './quantity.js';
import type { Container, ContainerPort, Probe } from './types.js';

/**
 * SetDefaults_Container, SetDefaults_Probe and SetDefaults_ResourceList (and SetDefaults_Pod's
 * limits-to-requests and host ports), as pure functions: each returns its input when nothing
 * needs a default, else a copy that shares every part it did not change. New keys land after
 * the existing ones in the order the defaulters set them, as assigning them would put them.
 */

/**
 * Whether a string field is unset as Go sees it: JSON's absent, null and "" all decode to the
 * zero value "", which the defaulters replace (`if obj.RestartPolicy == ""`).
 */
export function unset(v: string | null | undefined): v is '' | null | undefined {
  return v === undefined || v === null || v === '';
}

// The docker reference grammar (github.com/distribution/reference), which ParseImageName uses.
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);

/**
 * parsers.ParseImageName's tag: the given tag; "latest" when there is neither tag nor digest;
 * undefined when the reference does not parse (the defaulter then ignores the error).
 */
function imageTag(image: string): string | undefined {
  if (/^[a-f0-9]{64}$/.test(image)) return undefined; // a bare image ID is not a name
  const m = REFERENCE.exec(image);
  if (m === null || (m[1] as string).length > 255) return undefined;
  const tag = m[2];
  const digest = m[3];
  return tag ?? (digest === undefined ? 'latest' : '');
}

/** A bounded memo: the same few images, quantities and specs recur in every pod of a workload. */
function memo<T>(fn: (key: string) => T, limit = 10_000): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined && !cache.has(key)) {
      v = fn(key);
      if (cache.size >= limit) cache.clear();
      cache.set(key, v);
    }
    return v as T;
  };
}

const pullPolicyOf = memo((image: string): 'Always' | 'IfNotPresent' =>
  imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent',
);

/**
 * SetDefaults_Container: images tagged `latest` (or untagged, which means latest) are pulled
 * always; any other tag, a digest-only reference or one that does not parse: if not present.
 */
export function defaultPullPolicy(image: string | undefined): 'Always' | 'IfNotPresent' {
  return pullPolicyOf(image ?? '');
}

/**
 * SetDefaults_ResourceList: every quantity is rounded up (away from zero) to milli precision
 * (`0.0001` cpu is stored as `1m`) and then stored in its canonical form (`1.5Gi` → `1536Mi`).
 */
const canonicalMilli = memo((v: string): string => {
  try {
    const q = parseQuantity(v);
    const step = 1_000_000n; // nanos per milli
    const rem = q.nanos % step;
    const nanos = rem === 0n ? q.nanos : q.nanos - rem + (q.nanos > 0n ? step : -step);
    return formatQuantity({ nanos, format: q.format });
  } catch {
    return v; // Left as written: validation reports it with the field path.
  }
});

/** A resource list with its quantities canonical (the same list when they all are). */
export function canonicalList<L extends Record<string, string> | undefined>(list: L): L {
  if (list === undefined) return list;
  let out: Record<string, string> | undefined;
  for (const [k, v] of Object.entries(list as Record<string, string>)) {
    const c = canonicalMilli(v);
    if (c !== v) {
      out ??= { ...(list as Record<string, string>) };
      out[k] = c;
    }
  }
  return (out ?? list) as L;
}

/** SetDefaults_Probe: the int32 fields are not pointers, so 0 means unset. */
function defaultProbe(p: Probe | undefined): Probe | undefined {
  if (p === undefined) return p;
  const out: Probe = Object.assign({}, p);
  let changed = false;
  const set = <K extends keyof Probe>(k: K, v: Probe[K]): void => {
    out[k] = v;
    changed = true;
  };
  if (!p.timeoutSeconds) set('timeoutSeconds', 1);
  if (!p.periodSeconds) set('periodSeconds', 10);
  if (!p.successThreshold) set('successThreshold', 1);
  if (!p.failureThreshold) set('failureThreshold', 3);
  const get = p.httpGet;
  if (get && (unset(get.path) || unset(get.scheme))) {
    const h = Object.assign({}, get);
    if (unset(h.path)) h.path = '/';
    if (unset(h.scheme)) h.scheme = 'HTTP';
    set('httpGet', h);
  }
  return changed ? out : p;
}

function defaultPorts(ports: ContainerPort[] | undefined, hostNetwork: boolean): ContainerPort[] | undefined {
  if (ports === undefined || ports === null) return ports;
  let out: ContainerPort[] | undefined;
  ports.forEach((port, i) => {
    const setProtocol = unset(port.protocol);
    // SetDefaults_Pod: with host networking every container port is a host port.
    const setHostPort = hostNetwork && !port.hostPort;
    if (!setProtocol && !setHostPort) return;
    const p = Object.assign({}, port);
    if (setProtocol) p.protocol = 'TCP';
    if (setHostPort) p.hostPort = p.containerPort;
    out ??= [...ports];
    out[i] = p;
  });
  return out ?? ports;
}

function defaultContainer(c: Container, isPod: boolean, hostNetwork: boolean): Container {
  const out: Container = Object.assign({}, c);
  let changed = false;
  const set = <K extends keyof Container>(k: K, v: Container[K]): void => {
    if (out[k] === v && k in out) return; // assigning what is there changes nothing
    out[k] = v;
    changed = true;
  };
  if (unset(c.imagePullPolicy)) set('imagePullPolicy', defaultPullPolicy(c.image));
  if (unset(c.terminationMessagePath)) set('terminationMessagePath', '/dev/termination-log');
  if (unset(c.terminationMessagePolicy)) set('terminationMessagePolicy', 'File');
  if (c.ports !== undefined) set('ports', defaultPorts(c.ports, hostNetwork));
  if (c.readinessProbe !== undefined) set('readinessProbe', defaultProbe(c.readinessProbe));
  if (c.livenessProbe !== undefined) set('livenessProbe', defaultProbe(c.livenessProbe));
  if (c.startupProbe !== undefined) set('startupProbe', defaultProbe(c.startupProbe));
  const r = c.resources;
  if (r) {
    const limits = canonicalList(r.limits);
    let requests = canonicalList(r.requests);
    // SetDefaults_Pod (pods only, not templates): a limit without a request makes the request
    // equal to it.
    if (isPod && limits) {
      const given = requests ?? {};
      for (const [k, v] of Object.entries(limits)) {
        if (given[k] == null) {
          requests = requests === r.requests || requests === undefined || requests === null ? Object.assign({}, given) : requests;
          requests[k] = v;
        }
      }
      requests ??= given; // requests ??= {}: even an empty one is written
    }
    if (limits !== r.limits || requests !== r.requests) {
      const res = Object.assign({}, r);
      if (limits !== r.limits) res.limits = limits as Record<string, string>;
      if (requests !== r.requests) res.requests = requests as Record<string, string>;
      set('resources', res);
    }
  }
  return changed ? out : c;
}

export function defaultContainers(list: Container[] | undefined, isPod: boolean, hostNetwork: boolean): Container[] | undefined {
  if (list === undefined || list === null) return list;
  let out: Container[] | undefined;
  list.forEach((c, i) => {
    const d = defaultContainer(c, isPod, hostNetwork);
    if (d === c) return;
    out ??= [...list];
    out[i] = d;
  });
  return out ?? list;
}
