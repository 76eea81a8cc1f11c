import { canonicalQuantity, formatQuantity, parseQuantity, type Quantity } from '../api/quantity.js';
import { aggregateContainerResources } from '../api/resourceHelper.js';
import type { Container, LimitRange, Pod } from '../api/types.js';
import type { WriteError } from '../events.js';
import type { Store } from '../store/store.js';

/**
 * The LimitRanger admission plugin (plugin/pkg/admission/limitranger/admission.go, v1.34) for
 * a pod create. Admit (mutating, after NamespaceLifecycle and before ServiceAccount) fills in
 * each container's missing requests and limits from the namespace's Container limits and
 * records what it set in the `kubernetes.io/limit-ranger` annotation; Validate (after the
 * object's validation) refuses a pod outside a Container or Pod limit's min, max or
 * maxLimitRequestRatio with every violation in one Forbidden error.
 *
 * Differences, on purpose: upstream ranges over Go maps (random order); kubesim goes through
 * resource names sorted, so a message listing several violations has one fixed order. Pod
 * updates are not looked at (upstream skips them too, bar the resize subresource kubesim does
 * not serve); PersistentVolumeClaim limits are not enforced; pod-level resources
 * (spec.resources, PodLevelResources) are not modelled.
 */

const ANNOTATION = 'kubernetes.io/limit-ranger';
type List = Record<string, string>;

/** The namespace's LimitRanges, in name order (upstream: the lister's order). */
export function limitRangesIn(store: Store, namespace: string): LimitRange[] {
  return store.objects.LimitRange.valuesWithPrefix(`${namespace}/`);
}

/** defaultContainerResourceRequirements: the Container limits' defaults (a later item wins). */
export function defaultContainerResourceRequirements(lr: LimitRange): { requests: List; limits: List } {
  const requests: List = {};
  const limits: List = {};
  for (const item of lr.spec?.limits ?? []) {
    if (item.type !== 'Container') continue;
    Object.assign(requests, item.defaultRequest);
    Object.assign(limits, item.default);
  }
  return { requests, limits };
}

/**
 * A container's resources as the API server holds them at admission: the pod defaults
 * (SetDefaults_Pod) have already made a limit without a request the request too.
 */
function defaultedResources(c: Container): { requests: List; limits: List } {
  const limits: List = { ...(c.resources?.limits ?? {}) };
  const requests: List = { ...(c.resources?.requests ?? {}) };
  for (const [k, v] of Object.entries(limits)) if (requests[k] == null) requests[k] = v;
  return { requests, limits };
}

/** mergeContainerResources: fills in what the container lacks; returns the annotation parts. */
function mergeContainer(c: Container, defaults: { requests: List; limits: List }, prefix: string, notes: string[]): Container {
  const { requests, limits } = defaultedResources(c);
  const setLimits: string[] = [];
  const setRequests: string[] = [];
  for (const [k, v] of Object.entries(defaults.limits)) {
    if (limits[k] === undefined) {
      limits[k] = canonicalQuantity(v);
      setLimits.push(k);
    }
  }
  for (const [k, v] of Object.entries(defaults.requests)) {
    if (requests[k] === undefined) {
      requests[k] = canonicalQuantity(v);
      setRequests.push(k);
    }
  }
  if (setRequests.length > 0) notes.push(`${setRequests.sort().join(', ')} request for ${prefix} ${c.name}`);
  if (setLimits.length > 0) notes.push(`${setLimits.sort().join(', ')} limit for ${prefix} ${c.name}`);
  if (setRequests.length === 0 && setLimits.length === 0) return c;
  return { ...c, resources: { ...c.resources, limits, requests } };
}

/** PodMutateLimitFunc for one LimitRange (mergePodResourceRequirements). */
export function podMutateLimitFunc(pod: Pod, lr: LimitRange): Pod {
  const defaults = defaultContainerResourceRequirements(lr);
  if (Object.keys(defaults.requests).length === 0 && Object.keys(defaults.limits).length === 0) return pod;
  const notes: string[] = [];
  const containers = pod.spec.containers.map((c) => mergeContainer(c, defaults, 'container', notes));
  const init = pod.spec.initContainers?.map((c) => mergeContainer(c, defaults, 'init container', notes));
  if (notes.length === 0) return pod;
  const spec = { ...pod.spec, containers, ...(init ? { initContainers: init } : {}) };
  const annotations = { ...pod.metadata.annotations, [ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}` };
  return { ...pod, metadata: { ...pod.metadata, annotations }, spec };
}

/** Admit: the pod with the namespace's default requests and limits filled in. */
export function admitLimitRanger(store: Store, pod: Pod): Pod {
  const ranges = limitRangesIn(store, pod.metadata.namespace ?? 'default');
  let out = pod;
  for (const lr of ranges) out = podMutateLimitFunc(out, lr);
  return out;
}

// --- Validate -------------------------------------------------------------------------------

type QList = Map<string, Quantity>;

/** resource.MaxMilliValue. */
const MAX_MILLI_VALUE = 9223372036854775807n / 1000n;

function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return q * b === a || a < 0n ? q : q + 1n;
}

/** requestLimitEnforcedValues: milli values when none overflows, else whole values. */
function enforcedValues(req: Quantity | undefined, lim: Quantity | undefined, enforced: Quantity): [bigint, bigint, bigint] {
  const nanos = [req?.nanos ?? 0n, lim?.nanos ?? 0n, enforced.nanos];
  const values = nanos.map((n) => ceilDiv(n, 1_000_000_000n));
  if (values.every((v) => v <= MAX_MILLI_VALUE)) return nanos.map((n) => ceilDiv(n, 1_000_000n)) as [bigint, bigint, bigint];
  return values as [bigint, bigint, bigint];
}

const s = formatQuantity;

function minConstraint(type: string, name: string, enforced: Quantity, request: QList, limit: QList): string | undefined {
  const req = request.get(name);
  const lim = limit.get(name);
  const [r, l, e] = enforcedValues(req, lim, enforced);
  if (req === undefined) return `minimum ${name} usage per ${type} is ${s(enforced)}.  No request is specified`;
  if (r < e) return `minimum ${name} usage per ${type} is ${s(enforced)}, but request is ${s(req)}`;
  if (lim !== undefined && l < e) return `minimum ${name} usage per ${type} is ${s(enforced)}, but limit is ${s(lim)}`;
  return undefined;
}

function maxConstraint(type: string, name: string, enforced: Quantity, request: QList, limit: QList): string | undefined {
  const req = request.get(name);
  const lim = limit.get(name);
  const [r, l, e] = enforcedValues(req, lim, enforced);
  if (lim === undefined) return `maximum ${name} usage per ${type} is ${s(enforced)}.  No limit is specified`;
  if (l > e) return `maximum ${name} usage per ${type} is ${s(enforced)}, but limit is ${s(lim)}`;
  if (req !== undefined && r > e) return `maximum ${name} usage per ${type} is ${s(enforced)}, but request is ${s(req)}`;
  return undefined;
}

function ratioConstraint(type: string, name: string, enforced: Quantity, request: QList, limit: QList): string | undefined {
  const req = request.get(name);
  const lim = limit.get(name);
  const [r, l] = enforcedValues(req, lim, enforced);
  const head = `${name} max limit to request ratio per ${type} is ${s(enforced)}`;
  if (req === undefined || r === 0n) return `${head}, but no request is specified or request is 0`;
  if (lim === undefined || l === 0n) return `${head}, but no limit is specified or limit is 0`;
  const observed = Number(l) / Number(r);
  let compared = observed;
  let max = Number(ceilDiv(enforced.nanos, 1_000_000_000n));
  if (ceilDiv(enforced.nanos, 1_000_000_000n) <= MAX_MILLI_VALUE) {
    compared = observed * 1000;
    max = Number(ceilDiv(enforced.nanos, 1_000_000n));
  }
  // %f: six decimals.
  if (compared > max) return `${head}, but provided ratio is ${observed.toFixed(6)}`;
  return undefined;
}

function quantities(list: List | undefined): QList {
  const m: QList = new Map();
  for (const [k, v] of Object.entries(list ?? {})) m.set(k, parseQuantity(v));
  return m;
}

type Check = (type: string, name: string, enforced: Quantity, request: QList, limit: QList) => string | undefined;

function checkAll(limit: LimitRange['spec']['limits'][number], request: QList, lim: QList, errs: string[]): void {
  const run = (list: List | undefined, check: Check): void => {
    for (const k of Object.keys(list ?? {}).sort()) {
      const e = check(limit.type, k, parseQuantity((list as List)[k] as string), request, lim);
      if (e !== undefined) errs.push(e);
    }
  };
  run(limit.min, minConstraint);
  run(limit.max, maxConstraint);
  run(limit.maxLimitRequestRatio, ratioConstraint);
}

/** PodValidateLimitFunc: every violation of one LimitRange. */
export function podLimitViolations(lr: LimitRange, pod: Pod): string[] {
  const errs: string[] = [];
  for (const limit of lr.spec?.limits ?? []) {
    if (limit.type === 'Container') {
      for (const c of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
        checkAll(limit, quantities(c.resources?.requests), quantities(c.resources?.limits), errs);
      }
    }
    if (limit.type === 'Pod')
      checkAll(limit, aggregateContainerResources(pod, 'requests'), aggregateContainerResources(pod, 'limits'), errs);
  }
  return errs;
}

/**
 * Validate: the first LimitRange the pod violates refuses it (upstream returns on the first),
 * as `pods "x" is forbidden: <errors>`; utilerrors.NewAggregate prints one error bare and
 * several as `[a, b]`. The pod's name is generated by then (BeforeCreate runs before
 * validating admission), so the name comes first.
 */
export function validateLimitRanger(store: Store, pod: Pod): WriteError | undefined {
  for (const lr of limitRangesIn(store, pod.metadata.namespace ?? 'default')) {
    const errs = podLimitViolations(lr, pod);
    if (errs.length === 0) continue;
    const name = pod.metadata.name || pod.metadata.generateName || 'Unknown';
    const detail = errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`;
    return { reason: 'Forbidden', message: `pods ${JSON.stringify(name)} is forbidden: ${detail}` };
  }
  return undefined;
}
