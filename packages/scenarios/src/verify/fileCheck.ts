import fc from 'fast-check';
import { loadScenario, type ScenarioFiles } from '../scenario/load.js';
import type { ScenarioFile } from '../scenario/schema.js';
import { parseYamlDocuments } from '../scenario/yamlDoc.js';
import { type CheckOptions, type CheckResult, checkScenarios } from './check.js';
import type { FaultKind, GeneratedStep } from './steps.arb.js';

/**
 * `kubesim check FILE`: the user's own scenario, run under random seeds and random fault
 * schedules added to its steps (nodes failing and recovering, pods killed), until an
 * invariant breaks; the failure shrinks towards fewer faults, and the counterexample is the
 * user's scenario with the faults and seed that broke it — a file `kubesim run` reproduces.
 */
export interface FileCheckOptions extends CheckOptions {
  /** The fault families to inject; none: only the seed varies. Default both. */
  readonly faults?: readonly FaultKind[];
  /** At most this many faults per run. Default 4. */
  readonly maxFaults?: number;
}

/** Seconds a run goes on after its last fault: eviction (5m) and the replacements' start-up. */
const SETTLE = 600;

const WORKLOAD_KINDS = new Set(['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet', 'Job']);

/** The nodes and workload selectors of a scenario, for the faults to name. */
function targetsOf(text: string, file: string, files: ScenarioFiles): { nodes: string[]; selectors: string[]; end: number } {
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
  return { nodes: s.cluster.nodes.map((n) => n.name), selectors: [...selectors], end: s.until };
}

/** Runs `opts.runs` variations of the scenario file `text`; see checkScenarios for the result. */
export function checkScenarioFile(text: string, file: string, files: ScenarioFiles, opts: FileCheckOptions = {}): CheckResult {
  const doc = (parseYamlDocuments(text, file)[0]?.value ?? {}) as ScenarioFile;
  const { nodes, selectors, end } = targetsOf(text, file, files);
  const kinds = opts.faults ?? ['nodes', 'pods'];
  // Faults strike while the scenario's own steps play out.
  const horizon = Math.max(1, Math.floor(end / 1000) - 1);
  const at = fc.integer({ min: 1, max: horizon });
  const fault: fc.Arbitrary<GeneratedStep[]>[] = [];
  // A node outage: it fails, and recovers 10s to 5m later (a cluster that heals, so liveness
  // — every workload converging by the end — is still promised).
  if (kinds.includes('nodes') && nodes.length > 0) {
    fault.push(
      fc.record({ at, node: fc.constantFrom(...nodes), down: fc.integer({ min: 10, max: 300 }) }).map((o) => [
        { at: o.at, fault: { nodeFails: o.node } },
        { at: o.at + o.down, fault: { nodeRecovers: o.node } },
      ]),
    );
  }
  if (kinds.includes('pods') && selectors.length > 0) {
    fault.push(
      fc
        .record({ at, selector: fc.constantFrom(...selectors) })
        .map((k) => [{ at: k.at, fault: { podKilled: { selector: k.selector } } }]),
    );
  }
  const faults: fc.Arbitrary<GeneratedStep[]> =
    fault.length === 0
      ? fc.constant([])
      : fc.array(fc.oneof(...fault), { maxLength: opts.maxFaults ?? 4 }).map((fs) => fs.flat().sort((a, b) => a.at - b.at));
  const arb = fc.record({ seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }), faults }).map(({ seed, faults: fs }): ScenarioFile => {
    const steps = [...(doc.steps ?? []), ...fs.map((f) => ({ at: `${f.at}s`, fault: 'fault' in f ? f.fault : {} }))];
    // The run goes on long enough after the last fault for the cluster to settle again.
    const last = fs.at(-1)?.at;
    const until = last === undefined ? doc.until : `${Math.max(Math.ceil(end / 1000), last + SETTLE)}s`;
    return {
      ...doc,
      seed: String(seed),
      ...(until !== undefined ? { until } : {}),
      ...(steps.length > 0 ? { steps } : {}),
    };
  });
  // The counterexample stays the user's scenario: only the seed and the faults shrink.
  return checkScenarios(arb, { minimize: false, ...opts, file, files });
}
