import { type ClusterView, labelSelectorAsSelector, type Millis, type PodDisruptionBudget } from '@kubesim/core';
import { describeEvents } from './events.js';
import { LEVEL_0, LEVEL_2, tabbedString } from './writer.js';

/** metav1.FormatLabelSelector: `<none>` for a selector that prints empty, `<error>` for one that does not convert. */
function formatLabelSelector(pdb: PodDisruptionBudget): string {
  try {
    const s = labelSelectorAsSelector(pdb.spec.selector).toString();
    return s === '' ? '<none>' : s;
  } catch {
    return '<error>';
  }
}

/** describe.go's describePodDisruptionBudgetV1: the bound that is set, the selector, the status counts, events. */
export function describePodDisruptionBudget(view: ClusterView, pdb: PodDisruptionBudget, now: Millis): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pdb.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${pdb.metadata.namespace ?? ''}\n`);
    if (pdb.spec.minAvailable !== undefined) w.write(LEVEL_0, `Min available:\t${pdb.spec.minAvailable}\n`);
    else if (pdb.spec.maxUnavailable !== undefined) w.write(LEVEL_0, `Max unavailable:\t${pdb.spec.maxUnavailable}\n`);
    w.write(LEVEL_0, `Selector:\t${pdb.spec.selector !== undefined ? formatLabelSelector(pdb) : '<unset>'}\n`);
    const s = pdb.status;
    w.write(LEVEL_0, 'Status:\n');
    w.write(LEVEL_2, `Allowed disruptions:\t${s?.disruptionsAllowed ?? 0}\n`);
    w.write(LEVEL_2, `Current:\t${s?.currentHealthy ?? 0}\n`);
    w.write(LEVEL_2, `Desired:\t${s?.desiredHealthy ?? 0}\n`);
    w.write(LEVEL_2, `Total:\t${s?.expectedPods ?? 0}\n`);
    describeEvents(view.eventsFor(pdb.metadata.uid ?? ''), w, now);
  });
}
