import { formatDuration, type Millis } from '@kubesim/core';
import cliProgress from 'cli-progress';

/**
 * A progress bar on stderr for long runs: simulated time against the run's end. Off when
 * stderr is not a terminal or under CI, so logs and pipes get clean output.
 */
export interface Progress {
  update(now: Millis, until: Millis): void;
  stop(): void;
}

export function progressBar(stream: { write(s: string): unknown; isTTY?: boolean } = process.stderr): Progress {
  if (!stream.isTTY || process.env.CI) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WriteStream,
      format: 'simulating [{bar}] {percentage}% | {time} of {end}',
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(now, until) {
      if (!started) {
        bar.start(until, 0, { time: '0s', end: formatDuration(until) });
        started = true;
      }
      bar.update(now, { time: formatDuration(now), end: formatDuration(until) });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
