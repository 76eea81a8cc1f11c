import type { RunReport } from '../run/runner.js';
import type { ScenarioFile } from '../scenario/schema.js';

/**
 * A last pass over a shrunk counterexample, after fast-check's: drop its steps one at a time,
 * then its workloads' objects, then nodes, keeping each removal after which the same
 * invariants still break. fast-check cannot do this itself through scenarioDocumentArb's
 * `chain` (a schedule is drawn for the workloads and nodes drawn first, so shrinking those
 * draws a new schedule that no longer fails), and a counterexample with a drain, its uncordon
 * and a second workload it does not need is harder to read than one without.
 */

/** The invariants a run broke, or undefined when it failed for another reason (a bound) or not at all. */
function broken(report: RunReport): string | undefined {
  const names = report.invariants.filter((i) => !i.holds).map((i) => i.name);
  return names.length === 0 ? undefined : names.join(',');
}

/** The smaller documents to try, each one thing less than `doc`. */
function* smaller(doc: ScenarioFile): Generator<ScenarioFile> {
  const steps = doc.steps ?? [];
  for (let i = steps.length - 1; i >= 0; i--) yield { ...doc, steps: steps.filter((_, j) => j !== i) };
  const manifests = doc.manifests ?? [];
  for (let k = 0; k < manifests.length; k++) {
    const m = manifests[k];
    if (m === undefined || !('inline' in m) || !Array.isArray(m.inline) || m.inline.length < 2) continue;
    const objects = m.inline;
    for (let i = objects.length - 1; i >= 0; i--) {
      const inline = objects.filter((_, j) => j !== i);
      yield { ...doc, manifests: manifests.map((n, l) => (l === k ? { ...m, inline } : n)) };
    }
  }
  const nodes = doc.cluster?.nodes;
  if (typeof nodes === 'number' && nodes > 1) yield { ...doc, cluster: { ...doc.cluster, nodes: nodes - 1 } };
}

/**
 * The smallest document this pass reaches that breaks what `doc` broke, and how many removals
 * it kept; `run` runs a document (it may throw: a removal that leaves a step naming a node no
 * longer there is not kept). At most `budget` runs.
 */
export function minimize(
  doc: ScenarioFile,
  run: (d: ScenarioFile) => RunReport,
  budget = 80,
): { document: ScenarioFile; removed: number } {
  const target = broken(run(doc));
  if (target === undefined) return { document: doc, removed: 0 };
  let current = doc;
  let removed = 0;
  let runs = 0;
  let progress = true;
  while (progress && runs < budget) {
    progress = false;
    for (const candidate of smaller(current)) {
      if (runs++ >= budget) break;
      let same = false;
      try {
        same = broken(run(candidate)) === target;
      } catch {
        same = false;
      }
      if (same) {
        current = candidate;
        removed++;
        progress = true;
        break;
      }
    }
  }
  return { document: current, removed };
}
