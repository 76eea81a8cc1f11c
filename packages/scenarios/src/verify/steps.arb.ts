import fc from 'fast-check';
import type { FaultEntry } from '../scenario/schema.js';
import { type GeneratedWorkload, IMAGES } from './manifests.arb.js';

/**
 * Arbitraries for what happens to a cluster: user actions (kubectl lines, as a person types
 * them) on the generated workloads and nodes, and faults of the world. Each shrinks towards
 * the first, simplest form (a scale to 1 of the first workload).
 */

/** A scenario step as the file holds it: a kubectl line or a fault, at a time in seconds. */
export type GeneratedStep =
  | { readonly at: number; readonly kubectl: string }
  | { readonly at: number; readonly fault: FaultEntry };

const resource = (w: GeneratedWorkload): string => w.resource ?? `${w.kind.toLowerCase()}/${w.name}`;

/** One kubectl action on a workload or node; what each kind accepts. */
export function actionArb(workloads: readonly GeneratedWorkload[], nodes: readonly string[]): fc.Arbitrary<string> {
  const onWorkload = workloads.map((w) => {
    const forms: fc.Arbitrary<string>[] = [];
    // An autoscaled Deployment is scaled by hand too: the HPA takes it back within its bounds.
    const scalable = ['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController', 'HorizontalPodAutoscaler'];
    if (scalable.includes(w.kind)) {
      forms.push(fc.integer({ min: 0, max: 6 }).map((n) => `scale ${resource(w)} --replicas=${n}`));
    }
    // A ReplicaSet's (or ReplicationController's) new template changes no pod: no rollout there;
    // a Job's and a CronJob's run the batch image, which ends.
    if (!['Job', 'CronJob', 'ReplicaSet', 'ReplicationController'].includes(w.kind)) {
      forms.push(fc.constantFrom(...IMAGES).map((img) => `set image ${resource(w)} app=${img}`));
      // A rollout twice as often as each other action: most invariants are about rollouts.
      forms.push(fc.constantFrom(...IMAGES.slice(1), IMAGES[0] as string).map((img) => `set image ${resource(w)} app=${img}`));
    }
    if (w.kind === 'Deployment' || w.kind === 'HorizontalPodAutoscaler') {
      forms.push(fc.constantFrom('pause', 'resume', 'undo').map((verb) => `rollout ${verb} ${resource(w)}`));
    }
    forms.push(fc.constant(`delete pod -l ${w.selector}`));
    return fc.oneof(...forms);
  });
  const onNode = nodes.map((n) => fc.constantFrom(`cordon ${n}`, `uncordon ${n}`, `drain ${n} --ignore-daemonsets --force`));
  return fc.oneof(...onWorkload, ...onNode);
}

/** One fault: a node fails or recovers, or a workload's pod is killed from outside. */
export function faultArb(
  workloads: readonly (Pick<GeneratedWorkload, 'selector'> & { readonly kind?: string })[],
  nodes: readonly string[],
  kinds: readonly FaultKind[] = ['nodes', 'pods'],
): fc.Arbitrary<FaultEntry> {
  const forms: fc.Arbitrary<FaultEntry>[] = [];
  if (kinds.includes('nodes') && nodes.length > 0) {
    forms.push(fc.constantFrom(...nodes).map((n): FaultEntry => ({ nodeFails: n })));
    forms.push(fc.constantFrom(...nodes).map((n): FaultEntry => ({ nodeRecovers: n })));
  }
  // A kill is a force delete (grace period 0, as chaos tools do it). A StatefulSet's pod on a
  // node that is down, force-deleted, runs twice — the at-most-once breach one-pod-per-ordinal
  // reports, which Kubernetes documents and no controller can prevent: those are left out.
  const killable = workloads.filter((w) => w.kind !== 'StatefulSet');
  if (kinds.includes('pods') && killable.length > 0) {
    forms.push(fc.constantFrom(...killable).map((w): FaultEntry => ({ podKilled: { selector: w.selector } })));
  }
  if (forms.length === 0) throw new Error('no faults to draw: no nodes or workloads of the kinds asked for');
  return fc.oneof(...forms);
}

/** The fault families: nodes failing and recovering, pods killed from outside. */
export type FaultKind = 'nodes' | 'pods';

export interface ScheduleOptions {
  readonly maxSteps?: number;
  /** The last second a step may happen at. */
  readonly horizon?: number;
  readonly faults?: boolean;
}

/**
 * A timed schedule of actions (and faults): times in whole seconds, sorted, shrinking towards
 * fewer steps and earlier times.
 */
export function scheduleArb(
  workloads: readonly GeneratedWorkload[],
  nodes: readonly string[],
  opts: ScheduleOptions = {},
): fc.Arbitrary<GeneratedStep[]> {
  const at = fc.integer({ min: 1, max: opts.horizon ?? 120 });
  const action = fc.record({ at, kubectl: actionArb(workloads, nodes) });
  const step: fc.Arbitrary<GeneratedStep> =
    opts.faults === false
      ? action
      : fc.oneof(
          { weight: 3, arbitrary: action },
          { weight: 1, arbitrary: fc.record({ at, fault: faultArb(workloads, nodes) }) },
        );
  return fc.array(step, { maxLength: opts.maxSteps ?? 6 }).map((steps) => [...steps].sort((a, b) => a.at - b.at));
}
