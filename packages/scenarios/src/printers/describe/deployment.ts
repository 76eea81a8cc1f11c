import { deploymentutil } from '@kubesim/controllers';
import type { ClusterView, Deployment, Millis, ReplicaSet } from '@kubesim/core';
import { labelSelectorAsSelector } from '@kubesim/core';
import { formatRFC1123Z } from '../rfc1123.js';
import { describeEvents } from './events.js';
import { intOrString, selectorString } from './format.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import { describePodTemplate } from './podTemplate.js';
import { LEVEL_0, LEVEL_1, tabbedString } from './writer.js';

/**
 * kubectl's deploymentutil.GetAllReplicaSets: the sets the deployment controls (listed by its
 * selector), oldest first; the new one is the oldest whose template equals the deployment's
 * but for the hash label, and every other one is old — scaled to zero or not, as describe
 * shows them all.
 */
export function deploymentReplicaSets(view: ClusterView, d: Deployment): { old: ReplicaSet[]; new?: ReplicaSet } {
  const uid = d.metadata.uid;
  if (uid === undefined) return { old: [] };
  let selector: ReturnType<typeof labelSelectorAsSelector>;
  try {
    selector = labelSelectorAsSelector(d.spec.selector);
  } catch {
    return { old: [] };
  }
  const owned = (view.dependentsOf(uid, 'ReplicaSet') as ReplicaSet[])
    .filter((rs) => rs.metadata.ownerReferences?.some((r) => r.controller && r.uid === uid))
    .filter((rs) => selector.matches(rs.metadata.labels ?? {}))
    .sort(deploymentutil.byCreationTimestamp);
  const newRS = deploymentutil.findNewReplicaSet(d, owned);
  const old = owned.filter((rs) => rs !== newRS);
  return newRS === undefined ? { old } : { old, new: newRS };
}

/** printReplicaSetsByLabels: `name (2/2 replicas created)`, joined by commas, or `<none>`. */
function replicaSetsString(sets: readonly ReplicaSet[]): string {
  const list = sets.map((rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec.replicas ?? 1} replicas created)`);
  return list.length === 0 ? '<none>' : list.join(', ');
}

/** describeDeployment. */
export function describeDeployment(view: ClusterView, d: Deployment, now: Millis): string {
  const { old, new: newRS } = deploymentReplicaSets(view, d);
  const s = d.status ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${d.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${d.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${formatRFC1123Z(d.metadata.creationTimestamp, view.startTime)}\n`);
    printLabelsMultiline(w, 'Labels', d.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', d.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${selectorString(d.spec.selector)}\n`);
    w.write(
      LEVEL_0,
      `Replicas:\t${d.spec.replicas ?? 1} desired | ${s.updatedReplicas ?? 0} updated | ${s.replicas ?? 0} total | ${s.availableReplicas ?? 0} available | ${s.unavailableReplicas ?? 0} unavailable\n`,
    );
    w.write(LEVEL_0, `StrategyType:\t${d.spec.strategy?.type ?? ''}\n`);
    w.write(LEVEL_0, `MinReadySeconds:\t${d.spec.minReadySeconds ?? 0}\n`);
    const ru = d.spec.strategy?.rollingUpdate;
    if (ru !== undefined) {
      w.write(
        LEVEL_0,
        `RollingUpdateStrategy:\t${intOrString(ru.maxUnavailable)} max unavailable, ${intOrString(ru.maxSurge)} max surge\n`,
      );
    }
    describePodTemplate(d.spec.template, w);
    const conditions = s.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
      w.write(LEVEL_1, '----\t------\t------\n');
      // The space before the tab is upstream's; it widens the Type column by one.
      for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
    }
    if (old.length > 0 || newRS !== undefined) {
      w.write(LEVEL_0, `OldReplicaSets:\t${replicaSetsString(old)}\n`);
      w.write(LEVEL_0, `NewReplicaSet:\t${replicaSetsString(newRS === undefined ? [] : [newRS])}\n`);
    }
    describeEvents(view.eventsFor(d.metadata.uid ?? ''), w, now);
  });
}
