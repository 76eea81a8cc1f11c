import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lineText, type SweepLine, SweepRunner, type SweepSpec } from '@kubesim/scenarios';
import { Piscina } from 'piscina';

/**
 * The worker's module: beside this one once built; from the build when this module runs from
 * source (the tests), since a worker thread loads plain JavaScript.
 */
function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts')
    ? join(dirname(here), '..', 'dist', 'src', 'sweepWorker.js')
    : join(dirname(here), 'sweepWorker.js');
}

/** Receives each run's line as it finishes. */
export type OnLine = (line: SweepLine, text: string) => void;

/** `--jobs 1`: the runs in this thread, one after another, in order. */
export function runHere(spec: SweepSpec, indexes: readonly number[], done: OnLine): void {
  const runner = new SweepRunner(spec);
  for (const i of indexes) {
    const line = runner.run(i);
    done(line, lineText(line));
  }
}

/**
 * A piscina pool of `jobs` threads, each handed the whole sweep once and then run indexes;
 * the order lines finish in varies, which is why the file is put in its canonical order at
 * the end.
 */
export async function runPool(spec: SweepSpec, indexes: readonly number[], jobs: number, done: OnLine): Promise<void> {
  const pool = new Piscina<number, string>({
    filename: workerFile(),
    workerData: spec,
    minThreads: jobs,
    maxThreads: jobs,
    // Runs are CPU-bound: one at a time per thread.
    concurrentTasksPerWorker: 1,
  });
  try {
    await Promise.all(
      indexes.map((i) =>
        pool.run(i).then((text) => {
          done(JSON.parse(text) as SweepLine, text);
        }),
      ),
    );
  } finally {
    await pool.destroy();
  }
}
