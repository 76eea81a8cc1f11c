/**
 * What a sweep's worker thread needs, and no more: the runner and the line format, without the
 * reports (ECharts) and the rest of the package, so each thread of the pool starts in a third
 * of the time (`@kubesim/scenarios/sweep/worker`).
 */
export { lineText } from './line.js';
export type { SweepSpec } from './plan.js';
export { SweepRunner } from './runOne.js';
