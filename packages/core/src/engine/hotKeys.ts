/** How many recent syncs a bound's message looks back over. */
const RING = 4096;

/**
 * The controller and key that synced most among the recent syncs: what a run that hit a
 * bound names as the likely culprit (a hot requeue, a controller fighting another). It keeps
 * references in a ring and counts only when asked, so noting a sync costs two stores.
 */
export class HotKeys {
  private readonly controllers: string[] = [];
  private readonly keys: string[] = [];
  private next = 0;

  note(controller: string, key: string): void {
    this.controllers[this.next] = controller;
    this.keys[this.next] = key;
    this.next = (this.next + 1) % RING;
  }

  busiest(): string {
    const counts = new Map<string, number>();
    for (let i = 0; i < this.keys.length; i++) {
      const id = `${this.controllers[i]} ${this.keys[i]}`;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    let best: [string, number] | undefined;
    for (const [id, n] of [...counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
      if (best === undefined || n > best[1]) best = [id, n];
    if (best === undefined) return 'no controller was reconciling';
    const [name, key] = best[0].split(' ');
    return `controller ${name} kept requeueing ${key} (${best[1]} of the last ${this.keys.length} reconciles)`;
  }
}
