/** One figure a suite measured. */
export interface Measurement {
  readonly name: string;
  /** What `value` counts: throughput units are higher-is-better, `bytes/event` lower-is-better. */
  readonly unit: 'ops/s' | 'events/s' | 'bytes/event' | 'ratio' | 'sim s/wall s';
  readonly value: number;
  readonly medianMs?: number;
  readonly samples?: number;
}

export interface Results {
  readonly generatedAt: string;
  readonly node: string;
  readonly cpus: number;
  readonly quick: boolean;
  readonly measurements: readonly Measurement[];
}

export function higherIsBetter(m: Measurement): boolean {
  return m.unit !== 'bytes/event';
}
