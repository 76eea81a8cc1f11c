/**
 * pkg/controller/deployment/util (deployment_util.go): revisions and their annotations, the
 * rolling update's maxSurge and maxUnavailable, conditions, replica counts over ReplicaSets,
 * and the template comparisons a Deployment finds its new ReplicaSet by.
 * @module
 */
import {
  type Deployment,
  type DeploymentCondition,
  deepEqual,
  getScaledValueFromIntOrPercent,
  type IntOrString,
  type Millis,
  type PodTemplateSpec,
  type ReplicaSet,
} from '@kubesim/core';

/**
 * pkg/controller/deployment/util/deployment_util.go, with upstream's names and argument
 * order so each can be read beside the Go and checked against its tables.
 */

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
/** The revisions a ReplicaSet held before (a rollback to an old template moves them here). */
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
/** The Deployment's replicas when the ReplicaSet was last scaled (proportional scaling reads it). */
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
/** replicas + maxSurge of the Deployment when the ReplicaSet was last scaled. */
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
/** The legacy rollbackTo request, as extensions/v1beta1 carried it. */
export const ROLLBACK_TO_ANNOTATION = 'deprecated.deployment.rollback.to';
/** The change cause `kubectl rollout history` prints. */
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';
/** kubectl apply's record of the applied configuration (not copied to ReplicaSets). */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
/** The label that tells a Deployment's ReplicaSets (and their pods) apart: a hash of the template. */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';
/** RevisionHistoryLimit for the revision-history annotation (2000 characters). */
const REVISION_HISTORY_MAX_LENGTH = 2000;

/** Annotations the Deployment never copies onto its ReplicaSets (annotationsToSkip). */
export const ANNOTATIONS_TO_SKIP: ReadonlySet<string> = new Set([
  LAST_APPLIED_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  ROLLBACK_TO_ANNOTATION,
]);

/** The reasons of the Progressing and Available conditions. */
export const Reason = {
  NewReplicaSetCreated: 'NewReplicaSetCreated',
  FoundNewReplicaSet: 'FoundNewReplicaSet',
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  NewReplicaSetAvailable: 'NewReplicaSetAvailable',
  TimedOut: 'ProgressDeadlineExceeded',
  FailedRSCreate: 'ReplicaSetCreateError',
  Paused: 'DeploymentPaused',
  Resumed: 'DeploymentResumed',
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

function rollingUpdate(d: Deployment): { maxSurge?: IntOrString; maxUnavailable?: IntOrString } | undefined {
  return d.spec.strategy?.type === 'RollingUpdate' ? (d.spec.strategy.rollingUpdate ?? {}) : undefined;
}

/** spec.replicas with its default of 1. */
export function replicasOf(d: Deployment): number {
  return d.spec.replicas ?? 1;
}

/**
 * ResolveFenceposts: surge rounds up, unavailable rounds down, and when both come out 0
 * unavailable becomes 1 (2 desired, maxUnavailable 1%, maxSurge 0% would otherwise never
 * move: scale old −1, then new +1).
 */
export function resolveFenceposts(
  maxSurge: IntOrString | undefined,
  maxUnavailable: IntOrString | undefined,
  desired: number,
): [surge: number, unavailable: number] {
  const surge = getScaledValueFromIntOrPercent(maxSurge ?? 0, desired, true);
  let unavailable = getScaledValueFromIntOrPercent(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, unavailable];
}

/** MaxUnavailable: 0 unless RollingUpdate or with no replicas; never more than the replicas. */
export function maxUnavailable(d: Deployment): number {
  const ru = rollingUpdate(d);
  const replicas = replicasOf(d);
  if (ru === undefined || replicas === 0) return 0;
  const [, unavailable] = resolveFenceposts(ru.maxSurge, ru.maxUnavailable, replicas);
  return Math.min(unavailable, replicas);
}

/** MinAvailable: replicas − MaxUnavailable under RollingUpdate, else 0. */
export function minAvailable(d: Deployment): number {
  if (rollingUpdate(d) === undefined) return 0;
  return replicasOf(d) - maxUnavailable(d);
}

/** MaxSurge: 0 unless RollingUpdate. */
export function maxSurge(d: Deployment): number {
  const ru = rollingUpdate(d);
  if (ru === undefined) return 0;
  const [surge] = resolveFenceposts(ru.maxSurge, ru.maxUnavailable, replicasOf(d));
  return surge;
}

function specReplicas(rs: ReplicaSet | undefined): number {
  return rs?.spec.replicas ?? 0;
}

/** GetReplicaCountForReplicaSets: Σ spec.replicas. */
export function getReplicaCountForReplicaSets(replicaSets: readonly (ReplicaSet | undefined)[]): number {
  let n = 0;
  for (const rs of replicaSets) n += specReplicas(rs);
  return n;
}

/** GetActualReplicaCountForReplicaSets: Σ status.replicas. */
export function getActualReplicaCountForReplicaSets(replicaSets: readonly (ReplicaSet | undefined)[]): number {
  let n = 0;
  for (const rs of replicaSets) n += rs?.status?.replicas ?? 0;
  return n;
}

/** The ready replicas of these ReplicaSets, added up. */
export function getReadyReplicaCountForReplicaSets(replicaSets: readonly (ReplicaSet | undefined)[]): number {
  let n = 0;
  for (const rs of replicaSets) n += rs?.status?.readyReplicas ?? 0;
  return n;
}

/** The available replicas of these ReplicaSets, added up. */
export function getAvailableReplicaCountForReplicaSets(replicaSets: readonly (ReplicaSet | undefined)[]): number {
  let n = 0;
  for (const rs of replicaSets) n += rs?.status?.availableReplicas ?? 0;
  return n;
}

/** FilterActiveReplicaSets: the sets with spec.replicas > 0. */
export function filterActiveReplicaSets(replicaSets: readonly (ReplicaSet | undefined)[]): ReplicaSet[] {
  return replicaSets.filter((rs): rs is ReplicaSet => rs !== undefined && specReplicas(rs) > 0);
}

/** RoundToInt32: half away from zero. */
function roundToInt32(x: number): number {
  return x >= 0 ? Math.trunc(x + 0.5) : Math.trunc(x - 0.5);
}

/**
 * getNonNegativeInt32FromAnnotation: a non-negative int32 annotation (strconv.ParseUint,
 * then at most MaxInt32), or undefined when absent or unparsable.
 */
export function getNonNegativeInt32FromAnnotation(rs: ReplicaSet, key: string): number | undefined {
  const v = rs.metadata.annotations?.[key];
  if (v === undefined || !/^[0-9]+$/.test(v)) return undefined;
  const n = Number.parseInt(v, 10);
  return n > 2147483647 ? undefined : n;
}

/**
 * getReplicaSetFraction: how much of a scaling step a set takes in proportional scaling,
 * round(rs.spec × (replicas + maxSurge) / max-replicas) − rs.spec. Newer upstream treats a
 * missing or zero annotation as the deployment's status.replicas, and a zero denominator as
 * no change.
 */
export function getReplicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  if (replicasOf(d) === 0) return -specReplicas(rs);
  const deploymentMaxReplicas = replicasOf(d) + maxSurge(d);
  let annotated = getNonNegativeInt32FromAnnotation(rs, MAX_REPLICAS_ANNOTATION);
  if (annotated === undefined || annotated === 0) annotated = d.status?.replicas ?? 0;
  if (annotated === 0) return 0;
  const newRSsize = (specReplicas(rs) * deploymentMaxReplicas) / annotated;
  return roundToInt32(newRSsize) - specReplicas(rs);
}

/**
 * GetProportion: the share of deploymentReplicasToAdd this set takes, never more than what
 * is left (deploymentReplicasToAdd − deploymentReplicasAdded) in the scaling direction.
 */
export function getProportion(
  rs: ReplicaSet | undefined,
  d: Deployment,
  deploymentReplicasToAdd: number,
  deploymentReplicasAdded: number,
): number {
  if (
    rs === undefined ||
    specReplicas(rs) === 0 ||
    deploymentReplicasToAdd === 0 ||
    deploymentReplicasToAdd === deploymentReplicasAdded
  ) {
    return 0;
  }
  const rsFraction = getReplicaSetFraction(rs, d);
  const allowed = deploymentReplicasToAdd - deploymentReplicasAdded;
  if (deploymentReplicasToAdd > 0) return Math.min(rsFraction, allowed);
  return Math.max(rsFraction, allowed);
}

/** The revision a set carries, 0 when missing; undefined when unparsable. */
export function revision(rs: ReplicaSet | Deployment): number | undefined {
  const v = rs.metadata.annotations?.[REVISION_ANNOTATION];
  if (v === undefined) return 0;
  return /^[0-9]+$/.test(v) ? Number.parseInt(v, 10) : undefined;
}

/** MaxRevision: the highest parsable revision (0 if none). */
export function maxRevision(replicaSets: readonly ReplicaSet[]): number {
  let max = 0;
  for (const rs of replicaSets) {
    const v = revision(rs);
    if (v !== undefined && v > max) max = v;
  }
  return max;
}

/** LastRevision: the second-highest revision (what an undo without --to-revision goes back to). */
export function lastRevision(replicaSets: readonly ReplicaSet[]): number {
  let max = 0;
  let second = 0;
  for (const rs of replicaSets) {
    const v = revision(rs);
    if (v === undefined) continue;
    if (v >= max) {
      second = max;
      max = v;
    } else if (v > second) second = v;
  }
  return second;
}

/** A template without the pod-template-hash label, for comparisons. */
function withoutHash(t: PodTemplateSpec | undefined): unknown {
  if (t === undefined) return undefined;
  const labels = { ...(t.metadata?.labels ?? {}) };
  delete labels[POD_TEMPLATE_HASH_LABEL];
  return { ...t, metadata: { ...(t.metadata ?? {}), labels } };
}

/** EqualIgnoreHash: two templates equal but for the pod-template-hash label. */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return deepEqual(withoutHash(a), withoutHash(b));
}

/** The sets in creation order (oldest first), ties by name (ReplicaSetsByCreationTimestamp). */
export function byCreationTimestamp(a: ReplicaSet, b: ReplicaSet): number {
  const ta = a.metadata.creationTimestamp ?? 0;
  const tb = b.metadata.creationTimestamp ?? 0;
  if (ta !== tb) return ta - tb;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : (a.metadata.name ?? '') > (b.metadata.name ?? '') ? 1 : 0;
}

/** FindNewReplicaSet: the oldest set whose template equals the deployment's. */
export function findNewReplicaSet(d: Deployment, replicaSets: readonly ReplicaSet[]): ReplicaSet | undefined {
  return [...replicaSets].sort(byCreationTimestamp).find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
}

/** FindOldReplicaSets: [every old set, the old sets with replicas]. */
export function findOldReplicaSets(
  d: Deployment,
  replicaSets: readonly ReplicaSet[],
): [all: ReplicaSet[], required: ReplicaSet[]] {
  const newRS = findNewReplicaSet(d, replicaSets);
  const all = replicaSets.filter((rs) => rs !== newRS);
  return [all, all.filter((rs) => specReplicas(rs) !== 0)];
}

/**
 * NewRSNewReplicas: how big the new set may be now. RollingUpdate: grow by what maxSurge
 * leaves (never past the deployment's replicas); Recreate: everything at once.
 */
export function newRSNewReplicas(
  d: Deployment,
  allRSs: readonly (ReplicaSet | undefined)[],
  newRS: ReplicaSet | undefined,
): number {
  if (d.spec.strategy?.type === 'Recreate') return replicasOf(d);
  const maxTotalPods = replicasOf(d) + maxSurge(d);
  const currentPodCount = getReplicaCountForReplicaSets(allRSs);
  if (currentPodCount >= maxTotalPods) return specReplicas(newRS);
  const scaleUpCount = Math.min(maxTotalPods - currentPodCount, replicasOf(d) - specReplicas(newRS));
  return specReplicas(newRS) + scaleUpCount;
}

/** IsSaturated: the new set has all replicas, asked for and available. */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (rs === undefined) return false;
  const desired = getNonNegativeInt32FromAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
  return specReplicas(rs) === replicasOf(d) && desired === replicasOf(d) && (rs.status?.availableReplicas ?? 0) === replicasOf(d);
}

type Status = NonNullable<Deployment['status']>;

/** DeploymentComplete: every replica updated and available, and the latest spec observed. */
export function deploymentComplete(d: Deployment, newStatus: Status): boolean {
  const replicas = replicasOf(d);
  return (
    (newStatus.updatedReplicas ?? 0) === replicas &&
    (newStatus.replicas ?? 0) === replicas &&
    (newStatus.availableReplicas ?? 0) === replicas &&
    (newStatus.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

/** DeploymentProgressing: more updated, fewer old, more ready or more available than before. */
export function deploymentProgressing(d: Deployment, newStatus: Status): boolean {
  const old = d.status ?? {};
  const oldStatusOldReplicas = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newStatusOldReplicas = (newStatus.replicas ?? 0) - (newStatus.updatedReplicas ?? 0);
  return (
    (newStatus.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newStatusOldReplicas < oldStatusOldReplicas ||
    (newStatus.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (newStatus.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** The condition of a type in a Deployment's status. */
export function getDeploymentCondition(status: Status | undefined, type: string): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/** Whether a progress deadline applies (nil and MaxInt32 mean none). */
export function hasProgressDeadline(d: Deployment): boolean {
  const pds = d.spec.progressDeadlineSeconds;
  return pds !== undefined && pds !== 2147483647;
}

/**
 * DeploymentTimedOut: the Progressing condition was last updated more than
 * progressDeadlineSeconds ago (strictly), unless the rollout completed or already timed out.
 */
export function deploymentTimedOut(d: Deployment, newStatus: Status, now: Millis): boolean {
  if (!hasProgressDeadline(d)) return false;
  const condition = getDeploymentCondition(newStatus, 'Progressing');
  if (condition === undefined) return false;
  if (condition.reason === Reason.NewReplicaSetAvailable) return false;
  if (condition.reason === Reason.TimedOut) return true;
  const from = condition.lastUpdateTime ?? 0;
  return from + (d.spec.progressDeadlineSeconds as number) * 1000 < now;
}

/**
 * NewDeploymentCondition + SetDeploymentCondition: a condition with the same status and
 * reason is left as it is; a status kept with a new reason keeps its lastTransitionTime.
 */
export function setDeploymentCondition(status: Status, next: DeploymentCondition): Status {
  const conditions = status.conditions ?? [];
  const current = conditions.find((c) => c.type === next.type);
  if (current !== undefined && current.status === next.status && current.reason === next.reason) return status;
  let cond = next;
  if (current !== undefined && current.status === next.status) {
    // The transition time is the current one's, whatever it is (upstream copies a zero time too).
    cond = { ...next, lastTransitionTime: current.lastTransitionTime as Millis };
    if (current.lastTransitionTime === undefined) delete cond.lastTransitionTime;
  }
  return { ...status, conditions: [...conditions.filter((c) => c.type !== next.type), cond] };
}

/** RemoveDeploymentCondition: with no condition left the list is nil, as filterOutCondition leaves it. */
export function removeDeploymentCondition(status: Status, type: string): Status {
  if (!(status.conditions ?? []).some((c) => c.type === type)) return status;
  const { conditions = [], ...rest } = status;
  const kept = conditions.filter((c) => c.type !== type);
  return kept.length > 0 ? { ...rest, conditions: kept } : rest;
}

/** A Deployment condition stamped with this time as its update and transition time. */
export function newDeploymentCondition(
  type: string,
  status: DeploymentCondition['status'],
  reason: string,
  message: string,
  now: Millis,
): DeploymentCondition {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

/**
 * SetNewReplicaSetAnnotations' revision-history rule: the previous revision is appended,
 * comma separated, dropping the oldest entries to keep the list within limit characters
 * (sync.go's maxRevHistoryLengthInChars, 2000). An empty history becomes the previous
 * revision whatever its length; when even dropping every old entry would not make room,
 * the history is left as it was (upstream logs "Not appending revision due to length limit").
 */
export function appendRevisionHistory(
  history: string | undefined,
  previous: string,
  limit: number = REVISION_HISTORY_MAX_LENGTH,
): string {
  if (history === undefined || history === '' || history.split(',')[0] === '') return previous;
  const old = history.split(',');
  let totalLen = history.length + previous.length + 1;
  let start = 0;
  while (totalLen > limit && start < old.length) {
    totalLen -= (old[start] as string).length + 1;
    start++;
  }
  if (totalLen > limit) return history;
  return [...old.slice(start), previous].join(',');
}

/** ReplicasAnnotationsNeedUpdate: desired-replicas or max-replicas is not what it should be. */
export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desiredReplicas: number, maxReplicas: number): boolean {
  const a = rs.metadata.annotations;
  if (a === undefined) return true;
  return a[DESIRED_REPLICAS_ANNOTATION] !== String(desiredReplicas) || a[MAX_REPLICAS_ANNOTATION] !== String(maxReplicas);
}

/** SetReplicasAnnotations: the set with both replica annotations current, or undefined when they already were. */
export function setReplicasAnnotations(rs: ReplicaSet, desiredReplicas: number, maxReplicas: number): ReplicaSet | undefined {
  if (!replicasAnnotationsNeedUpdate(rs, desiredReplicas, maxReplicas)) return undefined;
  const annotations = {
    ...(rs.metadata.annotations ?? {}),
    [DESIRED_REPLICAS_ANNOTATION]: String(desiredReplicas),
    [MAX_REPLICAS_ANNOTATION]: String(maxReplicas),
  };
  return { ...rs, metadata: { ...rs.metadata, annotations } };
}
