import type { Millis } from '@kubesim/core';
import type { PodRun } from './memory.js';

/**
 * A node's clock set to another skew (ClockSkew). The kubelet stamps what it writes with the
 * wall clock, but times its own waits on Go's monotonic clock (time.Since, timers), which a
 * clock step does not move. Its record keeps times on the node's clock, so on a step by `d`
 * every time still ahead (a pending start, the PLEG's next sight, readiness, an exit, a kill)
 * moves by `d` — it happens after the same wait, and is stamped with the new wall time — and
 * what already happened keeps the time it was stamped with (the container's start, its
 * statuses), its timers at the new now at the latest.
 */
export function reclock(run: PodRun, skew: Millis, trueNow: Millis): PodRun {
  const d = skew - run.skew;
  if (d === 0) return run;
  const before = trueNow + run.skew;
  // What is past stays past: after a step back, a time that read as past cannot be ahead again.
  const ahead = <T extends Millis | undefined>(t: T): T =>
    t === undefined ? t : ((t > before ? t + d : Math.min(t, before + d)) as T);
  const containers = run.containers.map((c) => ({
    ...c,
    due: ahead(c.due),
    observedAt: ahead(c.observedAt),
    readyAt: ahead(c.readyAt),
    exitAt: ahead(c.exitAt),
  }));
  const s = run.stopping;
  const stopping =
    s === undefined
      ? undefined
      : { until: ahead(s.until), stops: s.stops.map((x) => (x === undefined ? x : { ...x, at: ahead(x.at) })) };
  return { ...run, containers, stopping, skew };
}
