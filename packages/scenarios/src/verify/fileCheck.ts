import type { Controller } from '@kubesim/core';
import fc from 'fast-check';
import type { RunReport } from '../run/runner.js';
import { loadScenario, type ScenarioFiles } from '../scenario/load.js';
import type { ScenarioFile } from '../scenario/schema.js';
import { parseYamlDocuments } from '../scenario/yamlDoc.js';
import { type CheckOptions, type CheckResult, checkScenarios, runDocument } from './check.js';
import { FAULT_KINDS, type FaultFamily, type FaultKind, faultEpisodeArb, stepEnd } from './faults.arb.js';
import { withLiveness } from './liveness.js';
import { differentOutcome, settledOutcome } from './livenessSameOutcome.js';
import type { GeneratedStep } from './steps.arb.js';

/**
 * `kubesim check FILE`: the user's own scenario, run under random seeds and random fault
 * schedules added to its steps (every fault kind of faults.arb.ts, or those asked for), until an
 * invariant breaks; the failure shrinks towards fewer faults, and the counterexample is the
 * user's scenario with the faults and seed that broke it — a file `kubesim run` reproduces.
 */
export interface FileCheckOptions extends CheckOptions {
  /** The fault kinds (or families) to inject; none: only the seed varies. Default: every kind. */
  readonly faults?: readonly (FaultKind | FaultFamily)[];
  /** At most this many faults per run. Default 4. */
  readonly maxFaults?: number;
  /**
   * Compare each settled run's outcome with the scenario's own run (its seed, no faults):
   * same-outcome (livenessSameOutcome.ts). Needs liveness. Default false.
   */
  readonly sameOutcome?: boolean;
}

/** Seconds a run goes on after its last fault: eviction (5m) and the replacements' start-up. */
const SETTLE = 600;

/**
 * With liveness, the bound: a run goes on SETTLE after its last fault, and eventually-stable
 * wants it quiet for the last 2 minutes of that (writes after the bound show).
 */
const LIVENESS_BOUND = `${SETTLE - 120}s`;

const WORKLOAD_KINDS = new Set(['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet', 'Job']);

/** The nodes and workload selectors of a scenario, for the faults to name. */
function targetsOf(
  text: string,
  file: string,
  files: ScenarioFiles,
): { nodes: string[]; selectors: string[]; end: number; lastStep: number } {
  const s = loadScenario(text, file, files);
  const selectors = new Set<string>();
  for (const m of s.manifests.values()) {
    for (const o of m.objects) {
      // Force-killing a StatefulSet's pod breaks at-most-once by design (see faultArb).
      if (!WORKLOAD_KINDS.has(o.kind) || o.kind === 'StatefulSet') continue;
      const spec = (o as { spec?: { selector?: unknown; template?: { metadata?: { labels?: Record<string, string> } } } }).spec;
      const labels = spec?.template?.metadata?.labels;
      if (labels === undefined || Object.keys(labels).length === 0) continue;
      const selector = Object.entries(labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      selectors.add(selector);
    }
  }
  const lastStep = Math.max(0, ...s.steps.map((st) => st.at));
  return { nodes: s.cluster.nodes.map((n) => n.name), selectors: [...selectors], end: s.until, lastStep };
}

/** Runs `opts.runs` variations of the scenario file `text`; see checkScenarios for the result. */
export function checkScenarioFile(text: string, file: string, files: ScenarioFiles, opts: FileCheckOptions = {}): CheckResult {
  const doc = (parseYamlDocuments(text, file)[0]?.value ?? {}) as ScenarioFile;
  const { nodes, selectors, end, lastStep } = targetsOf(text, file, files);
  const liveness = opts.liveness === true || opts.sameOutcome === true;
  // same-outcome compares settled runs: every run (the one without faults too) lasts SETTLE
  // after its last input, a scenario step or a fault.
  const settleUntil = (lastInput: number): string | undefined =>
    opts.sameOutcome === true ? `${Math.max(Math.ceil(end / 1000), Math.ceil(lastInput + SETTLE))}s` : undefined;
  // Faults strike while the scenario's own steps play out; each lasting one ends (a node
  // recovers, a partition heals, a lag ends: a cluster that heals, so liveness — every workload
  // converging by the end — is still promised).
  const horizon = Math.max(1, Math.floor(end / 1000) - 1);
  const at = fc.integer({ min: 1, max: horizon });
  const episode = faultEpisodeArb({ nodes, selectors }, opts.faults ?? FAULT_KINDS);
  const faults: fc.Arbitrary<GeneratedStep[]> =
    episode === undefined
      ? fc.constant([])
      : fc
          .array(
            fc
              .record({ at, episode })
              .map(({ at: t, episode: e }) => e.steps.map((s): GeneratedStep => ({ at: t + s.after, fault: s.fault }))),
            { maxLength: opts.maxFaults ?? 4 },
          )
          .map((fs) => fs.flat().sort((a, b) => a.at - b.at));
  const arb = fc.record({ seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }), faults }).map(({ seed, faults: fs }): ScenarioFile => {
    const steps = [...(doc.steps ?? []), ...fs.map((f) => ({ at: `${f.at}s`, fault: 'fault' in f ? f.fault : {} }))];
    // The run goes on long enough after the last fault for the cluster to settle again.
    const last = fs.length === 0 ? undefined : Math.max(...fs.map(stepEnd));
    const until =
      settleUntil(Math.max(lastStep / 1000, last ?? 0)) ??
      (last === undefined ? doc.until : `${Math.max(Math.ceil(end / 1000), last + SETTLE)}s`);
    return {
      ...doc,
      seed: String(seed),
      ...(until !== undefined ? { until } : {}),
      ...(steps.length > 0 ? { steps } : {}),
    };
  });
  const baseline =
    opts.sameOutcome === true ? sameAsBaseline(doc, settleUntil(lastStep / 1000), file, files, opts.controllers) : undefined;
  const property = typeof baseline === 'function' ? baseline : undefined;
  const checked = liveness ? arb.map((d) => withLiveness(d, LIVENESS_BOUND)) : arb;
  // The counterexample stays the user's scenario: only the seed and the faults shrink.
  const result = checkScenarios(checked, {
    minimize: false,
    ...opts,
    liveness: false,
    file,
    files,
    ...(property !== undefined ? { property } : {}),
  });
  return typeof baseline === 'string'
    ? { ...result, notes: [`same-outcome was not checked: the run without faults did not settle (${baseline})`] }
    : result;
}

/**
 * same-outcome against the scenario's own run (its seed, no faults): a settled run whose
 * outcome differs from it fails. Nothing to compare when that run does not settle: why not.
 */
function sameAsBaseline(
  doc: ScenarioFile,
  until: string | undefined,
  file: string,
  files: ScenarioFiles,
  controllers: readonly Controller[] | undefined,
): ((d: ScenarioFile, report: RunReport) => string | undefined) | string {
  const baseline = settledOutcome(
    runDocument(withLiveness({ ...doc, ...(until !== undefined ? { until } : {}) }, LIVENESS_BOUND), file, files, controllers),
  );
  if (typeof baseline === 'string') return baseline;
  return (_d, report) => {
    const detail = differentOutcome(baseline, settledOutcome(report));
    return detail === undefined
      ? undefined
      : `same-outcome violated: the settled state differs from the run without faults (seed ${doc.seed ?? 'default'}): ${detail}`;
  };
}
