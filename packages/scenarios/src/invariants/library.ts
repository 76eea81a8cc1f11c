import { parseDuration } from '@kubesim/core';
import { parseFieldExpression } from '../expect/field.js';
import { fieldInvariant } from '../expect/fieldInvariant.js';
import { eventuallyStable } from '../verify/liveness.js';
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
  'eventually-stable': () => eventuallyStable(),
};

/** `eventually-stable(15m)`: a library invariant with its bound set. */
const WITH_BOUND = /^(eventually-stable)\((.+)\)$/;

/** Why a name is no invariant of the library, or undefined. */
export function invariantProblem(name: string): string | undefined {
  const m = WITH_BOUND.exec(name);
  if (m !== null) {
    try {
      parseDuration(m[2] as string);
      return undefined;
    } catch {
      return `${m[1]}(${m[2]}): expected a duration such as 15m`;
    }
  }
  if (INVARIANTS[name] !== undefined) return undefined;
  // Anything with a blank is a user-defined invariant over a field.
  if (/\s/.test(name.trim())) {
    const e = parseFieldExpression(name);
    return typeof e === 'string' ? e : undefined;
  }
  return `unknown invariant ${JSON.stringify(name)}; the library has ${INVARIANT_NAMES.join(', ')}, or write your own: KIND/NAME PATH OP VALUE [from DURATION] [until DURATION]`;
}

/** The names of the invariants in the library, as a scenario's `invariants` list names them. */
export const INVARIANT_NAMES: readonly string[] = Object.keys(INVARIANTS);

/**
 * Fresh instances of the named invariants: library names, `eventually-stable(BOUND)`, or field rules
 * (`KIND/NAME PATH OP VALUE ...`); throws on an unknown name.
 */
export function createInvariants(names: readonly string[]): ScenarioInvariant[] {
  return names.map((name) => {
    const m = WITH_BOUND.exec(name);
    if (m !== null) return eventuallyStable({ bound: parseDuration(m[2] as string), name });
    const make = INVARIANTS[name];
    if (make === undefined && /\s/.test(name.trim())) return fieldInvariant(name);
    if (make === undefined)
      throw new Error(`unknown invariant ${JSON.stringify(name)}; the library has ${INVARIANT_NAMES.join(', ')}`);
    return make();
  });
}
