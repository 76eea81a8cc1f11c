import { workerData } from 'node:worker_threads';
import { lineText, SweepRunner, type SweepSpec } from '@kubesim/scenarios/sweep/worker';

/** A pool thread: the sweep comes once, as workerData; each task is a run's index, each answer its line. */
const runner = new SweepRunner(workerData as SweepSpec);

export default function runOne(index: number): string {
  return lineText(runner.run(index));
}
