import { eventualConvergence } from './convergence.js';
import { cronJobForbidConcurrency } from './cronjob.js';
import { daemonSetOnePodPerNode } from './daemonset.js';
import { deploymentAvailability, deploymentSurge } from './deployment.js';
import { hpaReplicaBounds } from './hpa.js';
import { hpaRateLimits } from './hpaRateLimits.js';
import { hpaStabilization } from './hpaStabilization.js';
import { jobParallelism } from './job.js';
import { replicaSetConvergence } from './replicaset.js';
import { claimsRetained, onePodPerOrdinal, partitionRespected, statefulSetOrdering } from './statefulset.js';
import type { ScenarioInvariant } from './types.js';

/** The invariant library: each name makes a fresh instance (they keep running counts). */
export const INVARIANTS: Readonly<Record<string, () => ScenarioInvariant>> = {
  'deployment-availability': deploymentAvailability,
  'deployment-surge': deploymentSurge,
  'replicaset-convergence': replicaSetConvergence,
  'statefulset-ordering': statefulSetOrdering,
  'one-pod-per-ordinal': onePodPerOrdinal,
  'partition-respected': partitionRespected,
  'claims-retained': claimsRetained,
  'cronjob-forbid-concurrency': cronJobForbidConcurrency,
  'daemonset-one-pod-per-node': daemonSetOnePodPerNode,
  'eventual-convergence': eventualConvergence,
  'job-parallelism': jobParallelism,
  'hpa-replica-bounds': hpaReplicaBounds,
  'hpa-stabilization': hpaStabilization,
  'hpa-rate-limits': hpaRateLimits,
};

export const INVARIANT_NAMES: readonly string[] = Object.keys(INVARIANTS);

export function createInvariants(names: readonly string[]): ScenarioInvariant[] {
  return names.map((name) => {
    const make = INVARIANTS[name];
    if (make === undefined)
      throw new Error(`unknown invariant ${JSON.stringify(name)}; the library has ${INVARIANT_NAMES.join(', ')}`);
    return make();
  });
}
