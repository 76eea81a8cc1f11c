import cliProgress from 'cli-progress';

/** Finished runs against the sweep's total, on wall time, with an ETA. */
export interface SweepProgress {
  tick(): void;
  stop(): void;
}

/**
 * A progress bar on stderr for a sweep: runs done of all, the time so far and cli-progress's
 * ETA (from the rate so far). Off when stderr is not a terminal or under CI, as for `run`.
 */
export function sweepProgress(
  stream: { write(s: string): unknown; isTTY?: boolean },
  total: number,
  done: number,
): SweepProgress {
  if (!stream.isTTY || process.env.CI || total === done) return { tick: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WriteStream,
      format: 'sweeping [{bar}] {value}/{total} runs | {duration_formatted} | ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, done);
  return {
    tick: () => bar.increment(),
    stop: () => bar.stop(),
  };
}
