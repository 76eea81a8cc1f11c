import { isDraft } from 'immer';
import { qosClass } from '../api/podStatus.js';
import type { Quantity } from '../api/quantity.js';
import { podResourceTotals } from '../api/resourceHelper.js';
import type { Container, Pod, ScopedResourceSelectorRequirement } from '../api/types.js';
import { isNativeResource } from '../api/validation/pod.js';
import { isExtendedResourceName } from '../api/validation/resourceQuota.js';
import type { Millis } from '../time/duration.js';
import { type Evaluator, objectCountName, type QuotaObject } from './evaluator.js';
import { add, count, intersection, type ResourceQuantities } from './resources.js';
import { scopedSelectorMatches } from './scopeSelector.js';

/**
 * The pod evaluator (pkg/quota/v1/evaluator/core/pods.go, v1.34): `pods` and `count/pods`,
 * compute requests and limits (cpu, memory, ephemeral-storage, huge pages, extended
 * resources), charged on create and on an update that changes the pod's Terminating scope.
 * A terminal pod, or one whose deletion grace has run out twice over, uses only `count/pods`.
 */

const POD_COUNT = objectCountName('pods');

/** podResources: what the evaluator measures, besides the prefixed names. */
const POD_RESOURCES: ReadonlySet<string> = new Set([
  POD_COUNT,
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
]);

/**
 * validationSet: "it was a mistake, but if a quota tracks cpu or memory related resources,
 * the incoming pod is required to have those values set" (upstream's words).
 */
const VALIDATION_SET: ReadonlySet<string> = new Set([
  'cpu',
  'memory',
  'requests.cpu',
  'requests.memory',
  'limits.cpu',
  'limits.memory',
]);

/** isExtendedResourceNameForQuota: `requests.<extended>` (extended resources are not overcommitted). */
function isExtendedResourceNameForQuota(name: string): boolean {
  return !isNativeResource(name) && name.startsWith('requests.');
}

function matchingResources(input: readonly string[]): string[] {
  const out = intersection(input, POD_RESOURCES);
  for (const r of input) {
    if (r.startsWith('hugepages-') || r.startsWith('requests.hugepages-')) out.push(r);
    if (isExtendedResourceNameForQuota(r)) out.push(r);
  }
  return out;
}

/** podComputeUsageHelper: `pods` 1 and the compute names the requests and limits give. */
export function podComputeUsageHelper(
  requests: ReadonlyMap<string, Quantity>,
  limits: ReadonlyMap<string, Quantity>,
): Map<string, Quantity> {
  const out = new Map<string, Quantity>([['pods', count(1)]]);
  for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
    const req = requests.get(r);
    if (req !== undefined) {
      out.set(r, req);
      out.set(`requests.${r}`, req);
    }
    const lim = limits.get(r);
    if (lim !== undefined) out.set(`limits.${r}`, lim);
  }
  for (const [r, q] of requests) {
    if (r.startsWith('hugepages-')) {
      out.set(r, q);
      out.set(`requests.${r}`, q);
    }
    if (isExtendedResourceName(r)) out.set(`requests.${r}`, q);
  }
  return out;
}

function containerList(c: Container, which: 'requests' | 'limits'): Map<string, Quantity> {
  const m = new Map<string, Quantity>();
  for (const k of Object.keys(c.resources?.[which] ?? {})) m.set(k, count(0));
  return m;
}

/**
 * Constraints: with cpu or memory under quota, every container (init containers too) must
 * set them: `must specify limits.cpu for: a,b; requests.memory for: a`.
 */
function constraints(required: readonly string[], obj: QuotaObject): string | undefined {
  const pod = obj as Pod;
  // With pod-level resources set (PodLevelResources, on by default), containers need not
  // name cpu or memory themselves (upstream returns before the check).
  if (isPodLevelResourcesSet(pod)) return undefined;
  const requiredSet = required.filter((r) => VALIDATION_SET.has(r));
  if (requiredSet.length === 0) return undefined;
  const missing = new Map<string, Set<string>>();
  for (const c of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
    // Only which names are set matters here, not their values.
    const has = podComputeUsageHelper(containerList(c, 'requests'), containerList(c, 'limits'));
    for (const r of requiredSet) {
      if (has.has(r)) continue;
      const names = missing.get(r) ?? new Set<string>();
      names.add(c.name);
      missing.set(r, names);
    }
  }
  if (missing.size === 0) return undefined;
  const parts = [...missing.keys()].sort().map((r) => `${r} for: ${[...(missing.get(r) as Set<string>)].sort().join(',')}`);
  return `must specify ${parts.join('; ')}`;
}

/** resourcehelper.IsPodLevelResourcesSet: pod-level requests or limits name cpu or memory. */
function isPodLevelResourcesSet(pod: Pod): boolean {
  const r = pod.spec.resources as { requests?: Record<string, string>; limits?: Record<string, string> } | undefined;
  return [...Object.keys(r?.requests ?? {}), ...Object.keys(r?.limits ?? {})].some((k) => k === 'cpu' || k === 'memory');
}

/** isTerminating: an active deadline makes a pod's life limited. */
function isTerminating(pod: Pod): boolean {
  return pod.spec.activeDeadlineSeconds != null && pod.spec.activeDeadlineSeconds >= 0;
}

type Term = { namespaces?: unknown[]; namespaceSelector?: unknown };

/** usesCrossNamespacePodAffinity: a pod (anti-)affinity term that names namespaces or selects them. */
function usesCrossNamespacePodAffinity(pod: Pod): boolean {
  const affinity = pod.spec.affinity as Record<string, Record<string, unknown[]> | undefined> | undefined;
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const a = affinity?.[kind];
    const required = (a?.requiredDuringSchedulingIgnoredDuringExecution ?? []) as Term[];
    const preferred = (a?.preferredDuringSchedulingIgnoredDuringExecution ?? []) as { podAffinityTerm?: Term }[];
    const terms = [...required, ...preferred.map((p) => p.podAffinityTerm ?? {})];
    if (terms.some((t) => (t.namespaces?.length ?? 0) !== 0 || t.namespaceSelector != null)) return true;
  }
  return false;
}

/** podMatchesSelector: the selector over the label set {PriorityClass: <the pod's class>}. */
function podMatchesSelector(pod: Pod, s: ScopedResourceSelectorRequirement): boolean | Error {
  const cls = pod.spec.priorityClassName as string | undefined;
  return scopedSelectorMatches(s, cls ? [cls] : []);
}

/** podMatchesScopeFunc. */
function matchesScope(s: ScopedResourceSelectorRequirement, obj: QuotaObject): boolean | Error {
  const pod = obj as Pod;
  switch (s.scopeName) {
    case 'Terminating':
      return isTerminating(pod);
    case 'NotTerminating':
      return !isTerminating(pod);
    case 'BestEffort':
      return qosClass(pod) === 'BestEffort';
    case 'NotBestEffort':
      return qosClass(pod) !== 'BestEffort';
    case 'PriorityClass':
      if (s.operator === 'Exists') return Boolean(pod.spec.priorityClassName);
      return podMatchesSelector(pod, s);
    case 'CrossNamespacePodAffinity':
      return usesCrossNamespacePodAffinity(pod);
    default:
      return false;
  }
}

/**
 * QuotaV1Pod: a pod is charged unless terminal, or marked for deletion and past its grace
 * period after the deletion timestamp (a pod stuck terminating on a lost node).
 */
export function quotaV1Pod(pod: Pod, now: Millis): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Failed' || phase === 'Succeeded') return false;
  const at = pod.metadata.deletionTimestamp;
  const grace = pod.metadata.deletionGracePeriodSeconds;
  return !(at != null && grace != null && now > at + grace * 1000);
}

const COUNT_ONLY: ResourceQuantities = new Map([[POD_COUNT, count(1)]]);

/**
 * What a charged pod uses, from its spec alone. A stored spec never changes and a template's
 * pods share theirs, so it is computed once per spec: a recalculation lists every pod of the
 * namespace, and a rollout of thousands recalculates often.
 */
const chargedUsage = new WeakMap<Pod['spec'], ResourceQuantities>();

function usageOfSpec(pod: Pod): ResourceQuantities {
  const spec = pod.spec;
  let usage = isDraft(spec) ? undefined : chargedUsage.get(spec);
  if (usage === undefined) {
    const requests = podResourceTotals(pod, 'requests', { overhead: true });
    const limits = podResourceTotals(pod, 'limits', { overhead: true });
    usage = add(COUNT_ONLY, podComputeUsageHelper(requests, limits));
    if (!isDraft(spec)) chargedUsage.set(spec, usage);
  }
  return usage;
}

/** PodUsageFunc: `count/pods` always; the compute usage while the pod is charged. */
export function podUsage(pod: Pod, now: Millis): ResourceQuantities {
  return quotaV1Pod(pod, now) ? usageOfSpec(pod) : COUNT_ONLY;
}

/** NewPodEvaluator. */
export const podEvaluator: Evaluator = {
  groupResource: 'pods',
  matchingResources,
  // Handles: a create, and an update that moves the pod between the Terminating and
  // NotTerminating scopes (an activeDeadlineSeconds set or cleared); the resize subresource,
  // which also charges, is not served.
  handles: (op, obj, old) =>
    op === 'create' || (obj !== undefined && old !== undefined && isTerminating(obj as Pod) !== isTerminating(old as Pod)),
  constraints,
  matchesScope,
  usage: (obj, now) => podUsage(obj as Pod, now),
};
