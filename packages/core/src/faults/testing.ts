import type { Pod } from '../api/types.js';
import type { Controller, Effect } from '../engine/controller.js';
import type { LogEntry } from '../events.js';
import { parseLog } from '../log/log.js';
import { replay } from '../log/replay.js';
import { stateHash } from '../log/stateHash.js';
import type { ControlPlaneOptions } from '../runtime/timing.js';
import type { Simulation } from '../simulation.js';

/** Test helpers for the fault tests (not exported from the package). */

export const INSTANT: ControlPlaneOptions = { profile: 'instant' };

export function pod(name: string, labels: Record<string, string> = { app: 'x' }): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] },
  };
}

/** Labels every pod it sees with `seen=true`, once; `seen` records (time, key, pods it could read) per sync. */
export function labeller(seen: string[] = []): Controller {
  return {
    name: 'labeller',
    component: 'labeller',
    watches: [{ kind: 'Pod' }],
    reconcile(view, key, ctx) {
      seen.push(`${ctx.now} ${key} ${view.count('Pod')}`);
      const p = view.getByKey('Pod', key);
      if (p === undefined || p.metadata.labels?.seen === 'true') return [];
      return [{ type: 'update', object: { ...p, metadata: { ...p.metadata, labels: { ...p.metadata.labels, seen: 'true' } } } }];
    },
  };
}

/**
 * Keeps `n` pods named `m-<i>` for the key `x` (told by a pod `go`), one create per call, as
 * a level-based controller with expectations: nothing while its creates are in flight.
 */
export function keeper(n: number, seen: string[] = []): Controller {
  return {
    name: 'keeper',
    component: 'keeper',
    watches: [{ kind: 'Pod', keys: () => ['x'] }],
    reconcile(view, _key, ctx) {
      seen.push(
        `${ctx.now} inFlight=${ctx.inFlight()} failures=${ctx
          .failures()
          .map((f) => f.reason)
          .join(',')}`,
      );
      if (view.getByKey('Pod', 'default/go') === undefined || ctx.inFlight() > 0) return [];
      const out: Effect[] = [];
      for (let i = 0; i < n; i++)
        if (view.getByKey('Pod', `default/m-${i}`) === undefined)
          out.push({ type: 'create', object: pod(`m-${i}`, { made: 'y' }) });
      return out;
    },
  };
}

export function lines(sim: Simulation, pred: (e: LogEntry) => boolean = () => true): string[] {
  return sim.log
    .entries()
    .filter(pred)
    .map(
      (e) =>
        `${e.time} ${e.by} ${e.event.type}${'object' in e.event ? ` ${e.event.object.metadata.name}` : ''}${e.fault ? ` fault=${e.fault}` : ''}${e.error ? ` error=${e.error.reason}` : ''}`,
    );
}

/** The run's log written as JSONL, read back and replayed reproduces its state hash. */
export function replaysExactly(sim: Simulation): boolean {
  return stateHash(replay(parseLog(sim.log.toJsonl()))) === sim.stateHash();
}
