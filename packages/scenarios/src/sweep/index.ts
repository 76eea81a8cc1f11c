/** Sweeps: a scenario over a grid of parameters times seeds (`kubesim sweep`). */
export { type SweepBase, scenarioOf } from './apply.js';
export { sweepHtml } from './html.js';
export { headerText, lineText, SWEEP_FORMAT, type SweepHeader, type SweepLine } from './line.js';
export { METRICS, type RunMetrics, runMetrics, writesByController } from './metrics.js';
export {
  type Combination,
  combinations,
  type ParamTarget,
  type ParamValue,
  paramsRecord,
  parseParam,
  parseParams,
  type SweepParam,
} from './params.js';
export { fingerprint, parseShard, type RunSpec, runsOf, type Shard, type SweepSpec, shardRuns } from './plan.js';
export { SweepRunner } from './runOne.js';
export { type CombinationSummary, formatSummary, type MetricDistribution, percentile, summarize } from './summary.js';
