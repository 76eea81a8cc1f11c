import { runScenario } from '../run/runner.js';
import type { Scenario } from '../scenario/model.js';
import { scenarioOf } from './apply.js';
import type { SweepLine } from './line.js';
import { runMetrics, writesByController } from './metrics.js';
import { paramsRecord, parseParams, type SweepParam } from './params.js';
import { type RunSpec, runsOf, type SweepSpec } from './plan.js';

/**
 * Runs a sweep's runs by index, in one thread: the main thread with --jobs 1, or a worker of
 * the pool. Each combination's scenario is built once and kept.
 */
export class SweepRunner {
  readonly params: readonly SweepParam[];
  readonly runs: readonly RunSpec[];
  private readonly scenarios = new Map<number, Scenario>();

  constructor(private readonly spec: SweepSpec) {
    this.params = parseParams(spec.params);
    this.runs = runsOf(this.params, spec.seeds, spec.seed);
  }

  /** The scenario of one parameter combination, built on first use and kept. */
  scenario(combination: number): Scenario {
    let s = this.scenarios.get(combination);
    if (s === undefined) {
      const files = this.spec.files;
      const c = this.runs[combination * this.spec.seeds]?.combination;
      if (c === undefined) throw new Error(`internal: no combination ${combination}`);
      s = scenarioOf(
        {
          text: this.spec.text,
          name: this.spec.name,
          files: {
            readFile: (p) => {
              const t = files[p];
              if (t === undefined) throw new Error(`${p} was not read when the sweep was checked`);
              return t;
            },
          },
        },
        this.params,
        c,
      );
      this.scenarios.set(combination, s);
    }
    return s;
  }

  /** Run `index` of the sweep, as its results line. */
  run(index: number): SweepLine {
    const r = this.runs[index];
    if (r === undefined) throw new Error(`internal: no run ${index}`);
    const lines: string[] = [];
    const report = runScenario(this.scenario(r.combination.index), {
      seed: r.seed,
      series: true,
      log: (line) => lines.push(line),
    });
    if (report.series === undefined) throw new Error('internal: the run recorded no series');
    const ok = report.stoppedBy === 'until' && report.invariants.every((i) => i.holds);
    return {
      run: r.id,
      index: r.index,
      params: paramsRecord(this.params, r.combination),
      seed: r.seed,
      ok,
      stoppedBy: report.stoppedBy,
      ...(report.message !== undefined ? { message: report.message } : {}),
      events: report.events,
      simulatedMs: report.simulatedMs,
      logHash: report.logHash,
      stateHash: report.stateHash,
      invariants: Object.fromEntries(report.invariants.map((i) => [i.name, i.violations.length])),
      metrics: runMetrics(report.series, writesByController(lines)),
    };
  }
}
