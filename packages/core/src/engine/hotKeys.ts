import type { Millis } from '../time/duration.js';

/** How many recent syncs a bound's message looks back over. */
const RING = 4096;
/** A key that took this share of the last RING syncs ... */
const HOT_SHARE = 0.95;
/** ... within this much simulated time is in a loop no controller upstream would survive. */
const HOT_WINDOW: Millis = 1000;

/**
 * The controller and key that synced most among the recent syncs: what a run that hit a
 * bound names as the likely culprit (a hot requeue, a controller fighting another). It keeps
 * references in a ring and counts only when asked, so noting a sync costs three stores.
 */
export class HotKeys {
  private readonly controllers: string[] = [];
  private readonly keys: string[] = [];
  private readonly times: Millis[] = [];
  private next = 0;

  /** Notes a sync; returns a message when the ring has just filled with one key's syncs within a second. */
  note(controller: string, key: string, now: Millis): string | undefined {
    const i = this.next;
    this.controllers[i] = controller;
    this.keys[i] = key;
    this.times[i] = now;
    this.next = (i + 1) % RING;
    // Checked once per ring: syncs whose time advances by fractions of a millisecond (a
    // requeueAfter(0) loop under the upstream profile) escape the per-instant bound.
    if (this.next !== 0 || now - (this.times[0] as Millis) >= HOT_WINDOW) return undefined;
    const [id, n] = this.top();
    if (id === undefined || n < HOT_SHARE * RING) return undefined;
    const [name, k] = id.split(' ');
    return `controller ${name} synced ${k} ${n} times in ${now - (this.times[0] as Millis)}ms of simulated time (of the last ${RING} syncs)`;
  }

  private top(): [string | undefined, number] {
    const counts = new Map<string, number>();
    for (let i = 0; i < this.keys.length; i++) {
      const id = `${this.controllers[i]} ${this.keys[i]}`;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    let best: [string | undefined, number] = [undefined, 0];
    for (const [id, n] of [...counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (n > best[1]) best = [id, n];
    return best;
  }

  busiest(): string {
    const [id, n] = this.top();
    if (id === undefined) return 'no controller was reconciling';
    const [name, key] = id.split(' ');
    return `controller ${name} kept requeueing ${key} (${n} of the last ${this.keys.length} reconciles)`;
  }
}
