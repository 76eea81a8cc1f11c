/**
 * pkg/controller/daemon/util: a daemon pod's template (the tolerations and node affinity the
 * DaemonSet controller adds), surge and unavailability from the rolling update's parameters.
 * @module
 */
import {
  type DaemonSet,
  getScaledValueFromIntOrPercent,
  type Pod,
  type PodSpec,
  type PodTemplateSpec,
  type Toleration,
} from '@kubesim/core';
import type { NodeSelectorRequirement, NodeSelectorTerm } from '../../controllerutils/nodeSelector.js';

/**
 * pkg/controller/daemon/util/daemonset_util.go: the daemon pod's template (its labels and the
 * tolerations every daemon pod gets), the surge and unavailability budgets, and the node
 * affinity that pins a daemon pod to its node.
 */

/** apps.DefaultDaemonSetUniqueLabelKey (= ControllerRevisionHashLabelKey): the pod's revision hash. */
export const DAEMONSET_UNIQUE_LABEL_KEY = 'controller-revision-hash';
/** extensions.DaemonSetTemplateGenerationKey: the template generation, kept for old pods. */
export const DAEMONSET_TEMPLATE_GENERATION_KEY = 'pod-template-generation';
/** apps.DeprecatedTemplateGeneration: the annotation the API server keeps the template generation in. */
export const DEPRECATED_TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';
/** metav1.ObjectNameField: the one field a node selector's matchFields may name. */
export const OBJECT_NAME_FIELD = 'metadata.name';

/**
 * GetTemplateGeneration: the generation in the deprecated annotation; undefined when there is
 * none, and (as upstream's caller does on the parse error) when it is not an integer.
 */
export function getTemplateGeneration(ds: DaemonSet): number | undefined {
  const annotation = ds.metadata.annotations?.[DEPRECATED_TEMPLATE_GENERATION];
  if (annotation === undefined || !/^[+-]?[0-9]+$/.test(annotation)) return undefined;
  return Number(annotation);
}

/** Toleration.MatchToleration: the same key, operator, value and effect (tolerationSeconds aside). */
function matchToleration(a: Toleration, b: Toleration): boolean {
  return (
    (a.key ?? '') === (b.key ?? '') &&
    (a.operator ?? '') === (b.operator ?? '') &&
    (a.value ?? '') === (b.value ?? '') &&
    (a.effect ?? '') === (b.effect ?? '')
  );
}

/**
 * AddOrUpdateTolerationInPodSpec: a toleration that matches one of the spec's (tolerationSeconds
 * aside) replaces it in place; otherwise it is appended.
 */
function addOrUpdateToleration(tolerations: readonly Toleration[], toleration: Toleration): Toleration[] {
  let updated = false;
  const out: Toleration[] = [];
  for (const t of tolerations) {
    if (matchToleration(toleration, t)) {
      out.push(toleration);
      updated = true;
    } else out.push(t);
  }
  if (!updated) out.push(toleration);
  return out;
}

const exists = (key: string, effect: 'NoSchedule' | 'NoExecute'): Toleration => ({ key, operator: 'Exists', effect });

/**
 * The tolerations every daemon pod gets: not-ready and unreachable NoExecute with no
 * tolerationSeconds (the node lifecycle controller never evicts it), and the NoSchedule taints
 * of node conditions and cordoning (TaintNodesByCondition); network-unavailable only for a pod
 * on the host network.
 */
const DAEMON_TOLERATIONS: readonly Toleration[] = [
  exists('node.kubernetes.io/not-ready', 'NoExecute'),
  exists('node.kubernetes.io/unreachable', 'NoExecute'),
  exists('node.kubernetes.io/disk-pressure', 'NoSchedule'),
  exists('node.kubernetes.io/memory-pressure', 'NoSchedule'),
  exists('node.kubernetes.io/pid-pressure', 'NoSchedule'),
  exists('node.kubernetes.io/unschedulable', 'NoSchedule'),
];
const NETWORK_UNAVAILABLE = exists('node.kubernetes.io/network-unavailable', 'NoSchedule');

const withTolerations = new WeakMap<PodSpec, PodSpec>();

/** AddOrUpdateDaemonPodTolerations, as a new spec (one per template spec, shared by its pods). */
export function addOrUpdateDaemonPodTolerations(spec: PodSpec): PodSpec {
  const known = withTolerations.get(spec);
  if (known !== undefined) return known;
  let tolerations: Toleration[] = [...(spec.tolerations ?? [])];
  for (const t of DAEMON_TOLERATIONS) tolerations = addOrUpdateToleration(tolerations, t);
  if (spec.hostNetwork === true) tolerations = addOrUpdateToleration(tolerations, NETWORK_UNAVAILABLE);
  const out: PodSpec = { ...spec, tolerations };
  withTolerations.set(spec, out);
  return out;
}

/**
 * CreatePodTemplate: the template with the daemon tolerations, the template generation label
 * (when the set has one) and the revision hash label (when there is a hash).
 */
export function createPodTemplate(template: PodTemplateSpec, generation: number | undefined, hash: string): PodTemplateSpec {
  const labels: Record<string, string> = { ...(template.metadata?.labels ?? {}) };
  if (generation !== undefined) labels[DAEMONSET_TEMPLATE_GENERATION_KEY] = String(generation);
  if (hash.length > 0) labels[DAEMONSET_UNIQUE_LABEL_KEY] = hash;
  return { metadata: { ...(template.metadata ?? {}), labels }, spec: addOrUpdateDaemonPodTolerations(template.spec) };
}

/** SurgeCount: maxSurge of numberToSchedule, rounded up; 0 unless RollingUpdate asks for surge. */
export function surgeCount(ds: DaemonSet, numberToSchedule: number): number {
  const s = ds.spec.updateStrategy;
  if (s?.type !== 'RollingUpdate') return 0;
  const surge = s.rollingUpdate?.maxSurge;
  if (surge === undefined) return 0;
  return getScaledValueFromIntOrPercent(surge, numberToSchedule, true);
}

/** UnavailableCount: maxUnavailable of numberToSchedule, rounded up; 0 unless RollingUpdate. */
export function unavailableCount(ds: DaemonSet, numberToSchedule: number): number {
  const s = ds.spec.updateStrategy;
  if (s?.type !== 'RollingUpdate' || s.rollingUpdate === undefined) return 0;
  // A nil maxUnavailable scales to 0 (GetScaledValueFromIntOrPercent of nil is an error
  // upstream, but defaulting always sets it).
  return getScaledValueFromIntOrPercent(s.rollingUpdate.maxUnavailable ?? 0, numberToSchedule, true);
}

/** AllowsSurge: whether a node may hold more than one daemon pod (maxSurge of 1 is above 0). */
export function allowsSurge(ds: DaemonSet): boolean {
  try {
    return surgeCount(ds, 1) > 0;
  } catch {
    return false;
  }
}

/** IsPodUpdated: the pod carries the current hash, or the current template generation. */
export function isPodUpdated(pod: Pod, hash: string, templateGeneration: number | undefined): boolean {
  const labels = pod.metadata.labels ?? {};
  const templateMatches =
    templateGeneration !== undefined && labels[DAEMONSET_TEMPLATE_GENERATION_KEY] === String(templateGeneration);
  const hashMatches = hash.length > 0 && labels[DAEMONSET_UNIQUE_LABEL_KEY] === hash;
  return hashMatches || templateMatches;
}

/** The shape of a pod's affinity that daemon pods use (the rest is kept as it is). */
export interface DaemonAffinity {
  readonly nodeAffinity?: {
    readonly requiredDuringSchedulingIgnoredDuringExecution?: { readonly nodeSelectorTerms?: readonly NodeSelectorTerm[] };
    readonly [extra: string]: unknown;
  };
  readonly [extra: string]: unknown;
}

/**
 * ReplaceDaemonSetPodNodeNameNodeAffinity: the required node affinity becomes one term that
 * selects the node by `metadata.name`; preferred terms and other affinities are kept.
 */
export function replaceDaemonSetPodNodeNameNodeAffinity(affinity: unknown, nodeName: string): DaemonAffinity {
  const req: NodeSelectorRequirement = { key: OBJECT_NAME_FIELD, operator: 'In', values: [nodeName] };
  const required = { nodeSelectorTerms: [{ matchFields: [req] }] };
  const a = (affinity ?? undefined) as DaemonAffinity | undefined;
  if (a === undefined) return { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: required } };
  if (a.nodeAffinity === undefined) return { ...a, nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: required } };
  const current = a.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  return {
    ...a,
    nodeAffinity: {
      ...a.nodeAffinity,
      requiredDuringSchedulingIgnoredDuringExecution: current === undefined ? required : { ...current, ...required },
    },
  };
}

/**
 * GetTargetNodeName: the pod's node, or for a pod not yet scheduled the node its required
 * affinity names by `metadata.name In [node]`; an Error when there is none (or more than one).
 */
export function getTargetNodeName(pod: Pod): string | Error {
  if (pod.spec.nodeName) return pod.spec.nodeName;
  const who = `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
  const required = (pod.spec.affinity as DaemonAffinity | undefined)?.nodeAffinity
    ?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required === undefined) {
    return new Error(`no spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution for pod ${who}`);
  }
  const terms = required.nodeSelectorTerms ?? [];
  if (terms.length < 1) return new Error(`no nodeSelectorTerms in requiredDuringSchedulingIgnoredDuringExecution of pod ${who}`);
  for (const term of terms) {
    for (const exp of term.matchFields ?? []) {
      if (exp.key === OBJECT_NAME_FIELD && exp.operator === 'In') {
        const values = exp.values ?? [];
        if (values.length !== 1) return new Error(`the matchFields value of '${OBJECT_NAME_FIELD}' is not unique for pod ${who}`);
        return values[0] as string;
      }
    }
  }
  return new Error(`no node name found for pod ${who}`);
}
