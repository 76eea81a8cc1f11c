import type { Deployment, Millis, ReplicaSet } from '@kubesim/core';
import {
  getActualReplicaCountForReplicaSets,
  getAvailableReplicaCountForReplicaSets,
  getDeploymentCondition,
  getReadyReplicaCountForReplicaSets,
  getReplicaCountForReplicaSets,
  maxUnavailable,
  newDeploymentCondition,
  Reason,
  removeDeploymentCondition,
  replicasOf,
  setDeploymentCondition,
} from './util.js';

export type DeploymentStatus = NonNullable<Deployment['status']>;

/** Go's omitempty: a zero count is left out of the status, as the API serialises it. */
function nonZero(n: number): number | undefined {
  return n === 0 ? undefined : n;
}

/**
 * calculateStatus (sync.go): counts over every set (status sums, but unavailable from spec
 * sums, so wanted-but-missing pods count), and the Available condition: minimum availability
 * is replicas − maxUnavailable.
 */
export function calculateStatus(
  allRSs: readonly ReplicaSet[],
  newRS: ReplicaSet | undefined,
  d: Deployment,
  now: Millis,
): DeploymentStatus {
  const availableReplicas = getAvailableReplicaCountForReplicaSets(allRSs);
  const totalReplicas = getReplicaCountForReplicaSets(allRSs);
  const unavailableReplicas = Math.max(0, totalReplicas - availableReplicas);
  const fields: Record<string, number | undefined> = {
    observedGeneration: d.metadata.generation,
    replicas: nonZero(getActualReplicaCountForReplicaSets(allRSs)),
    updatedReplicas: nonZero(getActualReplicaCountForReplicaSets(newRS === undefined ? [] : [newRS])),
    readyReplicas: nonZero(getReadyReplicaCountForReplicaSets(allRSs)),
    availableReplicas: nonZero(availableReplicas),
    unavailableReplicas: nonZero(unavailableReplicas),
    collisionCount: d.status?.collisionCount,
  };
  let status: DeploymentStatus = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) (status as Record<string, number>)[k] = v;
  if (d.status?.conditions !== undefined) status.conditions = d.status.conditions;
  status =
    availableReplicas >= replicasOf(d) - maxUnavailable(d)
      ? setDeploymentCondition(
          status,
          newDeploymentCondition(
            'Available',
            'True',
            Reason.MinimumReplicasAvailable,
            'Deployment has minimum availability.',
            now,
          ),
        )
      : setDeploymentCondition(
          status,
          newDeploymentCondition(
            'Available',
            'False',
            Reason.MinimumReplicasUnavailable,
            'Deployment does not have minimum availability.',
            now,
          ),
        );
  return status;
}

export { getDeploymentCondition, removeDeploymentCondition };
