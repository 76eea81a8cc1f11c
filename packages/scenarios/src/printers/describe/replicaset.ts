import {
  type ClusterView,
  labelSelectorAsSelector,
  type Millis,
  type ReplicaSet,
  type ReplicaSetCondition,
  type ReplicationController,
  Selector,
  selectorFromSet,
} from '@kubesim/core';
import { formatLabels } from '../get.js';
import { podStatusForController } from './controllerPods.js';
import { describeEvents } from './events.js';
import { controllerString, formatLabelSelector } from './format.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import { describePodTemplate } from './podTemplate.js';
import { LEVEL_0, LEVEL_1, type PrefixWriter, tabbedString } from './writer.js';

/** describeReplicaSet and describeReplicationController: the same layout but for the selector and owner. */

function describeConditions(conditions: readonly ReplicaSetCondition[] | undefined, w: PrefixWriter): void {
  if ((conditions ?? []).length === 0) return;
  w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(LEVEL_1, '----\t------\t------\n');
  for (const c of conditions ?? []) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
}

export function describeReplicaSet(view: ClusterView, rs: ReplicaSet, now: Millis): string {
  let selector: Selector;
  try {
    selector = labelSelectorAsSelector(rs.spec.selector);
  } catch {
    selector = Selector.NOTHING;
  }
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${rs.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${rs.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabelSelector(rs.spec.selector)}\n`);
    printLabelsMultiline(w, 'Labels', rs.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', rs.metadata.annotations);
    const controlledBy = controllerString(rs);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    w.write(LEVEL_0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec.replicas ?? 1} desired\n`);
    w.write(LEVEL_0, `Pods Status:\t${podStatusForController(view, selector, rs.metadata.uid)}\n`);
    describePodTemplate(rs.spec.template, w);
    describeConditions(rs.status?.conditions, w);
    describeEvents(view.eventsFor(rs.metadata.uid ?? ''), w, now);
  });
}

export function describeReplicationController(view: ClusterView, rc: ReplicationController, now: Millis): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${rc.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${rc.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabels(rc.spec.selector)}\n`);
    printLabelsMultiline(w, 'Labels', rc.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', rc.metadata.annotations);
    w.write(LEVEL_0, `Replicas:\t${rc.status?.replicas ?? 0} current / ${rc.spec.replicas ?? 1} desired\n`);
    w.write(LEVEL_0, `Pods Status:\t${podStatusForController(view, selectorFromSet(rc.spec.selector), rc.metadata.uid)}\n`);
    describePodTemplate(rc.spec.template, w);
    describeConditions(rc.status?.conditions, w);
    describeEvents(view.eventsFor(rc.metadata.uid ?? ''), w, now);
  });
}
