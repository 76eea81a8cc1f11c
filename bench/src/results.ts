/** One figure a suite measured. */
export interface Measurement {
  readonly name: string;
  /** What `value` counts: rates are higher-is-better; bytes, seconds of wall and ratios of cost lower-is-better. */
  readonly unit: Unit;
  readonly value: number;
  /** The value divided by the same figure of the bare JavaScript loop (the floor) in the same run. */
  readonly floor?: number;
  readonly medianMs?: number;
  readonly samples?: number;
}

export type Unit =
  | 'ops/s'
  | 'events/s'
  | 'lifecycles/s'
  | 'pods/s'
  | 'sim s/wall s'
  | 'bytes/pod'
  | 'bytes/event'
  | 'wall s'
  | 'sim s'
  | 'ms'
  | 'MiB'
  | 'ratio'
  | 'sim h/wall s'
  | 'count';

/** A target of issue 10, as measured in this run: reported, never asserted. */
export interface Target {
  readonly name: string;
  readonly value: number;
  /** The bound the value should stay at or under (`atMost`) or reach (`atLeast`). */
  readonly bound: number;
  readonly direction: 'atMost' | 'atLeast';
  readonly unit: string;
  readonly met: boolean;
  readonly note?: string;
}

export interface Results {
  readonly generatedAt: string;
  readonly node: string;
  readonly cpus: number;
  readonly quick: boolean;
  /** Which git commit the packages were at, and whether the work tree had changes. */
  readonly commit?: string;
  readonly settings: string;
  readonly measurements: readonly Measurement[];
  readonly targets: readonly Target[];
  readonly notes: readonly string[];
}

const LOWER_IS_BETTER: ReadonlySet<Unit> = new Set(['bytes/pod', 'bytes/event', 'wall s', 'ms', 'MiB']);

export function higherIsBetter(m: Pick<Measurement, 'unit'>): boolean {
  return !LOWER_IS_BETTER.has(m.unit);
}

export function target(
  name: string,
  value: number,
  direction: Target['direction'],
  bound: number,
  unit: string,
  note?: string,
): Target {
  const met = direction === 'atMost' ? value <= bound : value >= bound;
  return { name, value, bound, direction, unit, met, ...(note !== undefined ? { note } : {}) };
}
