import fc from 'fast-check';
import type { FaultEntry } from '../scenario/schema.js';
import {
  expandFaultKinds,
  FAULT_KINDS,
  type FaultEpisode,
  type FaultFamily,
  type FaultKind,
  type FaultTargets,
  faultEpisodeArb,
} from './faults.arb.js';
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

/**
 * One fault, as one scenario entry: the first step of a fault episode of one of `kinds`
 * (faults.arb.ts; default every kind), or a node's recovery. A kill is a force delete (grace
 * period 0, as chaos tools do it); a StatefulSet's pod on a node that is down, force-deleted,
 * runs twice — the at-most-once breach one-pod-per-ordinal reports, which Kubernetes
 * documents and no controller can prevent: those are left out.
 */
export function faultArb(
  workloads: readonly (Pick<GeneratedWorkload, 'selector'> & { readonly kind?: string })[],
  nodes: readonly string[],
  kinds: readonly (FaultKind | FaultFamily)[] = FAULT_KINDS,
): fc.Arbitrary<FaultEntry> {
  const episode = faultEpisodeArb(targetsOf(workloads, nodes), kinds);
  if (episode === undefined) throw new Error('no faults to draw: no nodes or workloads of the kinds asked for');
  const first = episode.map((e) => (e.steps[0] as FaultEpisode['steps'][number]).fault);
  return expandFaultKinds(kinds).includes('nodeFails') && nodes.length > 0
    ? fc.oneof(
        first,
        fc.constantFrom(...nodes).map((n): FaultEntry => ({ nodeRecovers: n })),
      )
    : first;
}

function targetsOf(
  workloads: readonly (Pick<GeneratedWorkload, 'selector'> & { readonly kind?: string })[],
  nodes: readonly string[],
): FaultTargets {
  return { nodes, selectors: workloads.filter((w) => w.kind !== 'StatefulSet').map((w) => w.selector) };
}

export type { FaultFamily, FaultKind } from './faults.arb.js';

/**
 * How scheduleArb draws a schedule: up to `maxSteps` draws (default 6; a fault episode is one draw
 * of its steps) at seconds up to `horizon` (default 120), with or without faults, of which kinds.
 */
export interface ScheduleOptions {
  readonly maxSteps?: number;
  /** The last second a step may happen at. */
  readonly horizon?: number;
  readonly faults?: boolean;
  /** The fault kinds (or families) to draw from. Default: every kind. */
  readonly faultKinds?: readonly (FaultKind | FaultFamily)[];
}

/**
 * A timed schedule of actions (and fault episodes: a fault with its end): times in whole
 * seconds, sorted, shrinking towards fewer steps, earlier times and earlier ends.
 */
export function scheduleArb(
  workloads: readonly GeneratedWorkload[],
  nodes: readonly string[],
  opts: ScheduleOptions = {},
): fc.Arbitrary<GeneratedStep[]> {
  const at = fc.integer({ min: 1, max: opts.horizon ?? 120 });
  const action = fc.record({ at, kubectl: actionArb(workloads, nodes) }).map((a): GeneratedStep[] => [a]);
  const episode = opts.faults === false ? undefined : faultEpisodeArb(targetsOf(workloads, nodes), opts.faultKinds);
  const step: fc.Arbitrary<GeneratedStep[]> =
    episode === undefined
      ? action
      : fc.oneof(
          { weight: 3, arbitrary: action },
          {
            weight: 1,
            arbitrary: fc
              .record({ at, episode })
              .map(({ at: t, episode: e }) => e.steps.map((s): GeneratedStep => ({ at: t + s.after, fault: s.fault }))),
          },
        );
  return fc.array(step, { maxLength: opts.maxSteps ?? 6 }).map((steps) => steps.flat().sort((a, b) => a.at - b.at));
}
