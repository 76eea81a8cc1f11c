import { ENVELOPE, type EnvelopeConfig, runEnvelope } from './envelope.js';

/**
 * The envelope in a process of its own (run.ts starts it with --max-old-space-size=6144, the
 * issue's 6 GiB), so its memory bound is its own: prints its result as one JSON object.
 * `--nodes N` runs a smaller cluster of the same shape (for trying it out); `--budget S` stops
 * after S seconds of wall time and reports how far it got; `--no-roll` scales without rolling;
 * `--kops` sets the controller manager's and scheduler's client QPS as kops' 5,000-node job does;
 * `--calibrated-pause` gives pods the pause image as the calibration test fits it; `--until-latency`
 * stops after the latency pods.
 */
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
};
const cfg: EnvelopeConfig = {
  ...ENVELOPE,
  ...(arg('--nodes') !== undefined ? { nodes: Number(arg('--nodes')) } : {}),
  ...(process.argv.includes('--no-roll') ? { noRoll: true } : {}),
  ...(process.argv.includes('--kops') ? { kops: true } : {}),
  ...(process.argv.includes('--calibrated-pause') ? { calibratedPause: true } : {}),
  ...(process.argv.includes('--until-latency') ? { untilLatency: true } : {}),
  ...(arg('--budget') !== undefined ? { budgetSeconds: Number(arg('--budget')) } : {}),
};
const result = runEnvelope(cfg);
process.stdout.write(`${JSON.stringify(result)}\n`);
