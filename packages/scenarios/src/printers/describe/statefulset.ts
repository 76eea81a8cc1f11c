import {
  type ClusterView,
  labelSelectorAsSelector,
  type Millis,
  type PersistentVolumeClaimTemplate,
  Selector,
  type StatefulSet,
} from '@kubesim/core';
import { formatRFC1123Z } from '../rfc1123.js';
import { podStatusForController } from './controllerPods.js';
import { describeEvents } from './events.js';
import { goSlice, intOrString, quantityString, selectorString } from './format.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import { describePodTemplate } from './podTemplate.js';
import { storageClassOf } from './pvc.js';
import { LEVEL_0, LEVEL_1, type PrefixWriter, tabbedString } from './writer.js';

/** describeStatefulSet: replicas, update strategy, pods, template and the volume claim templates. */
export function describeStatefulSet(view: ClusterView, sts: StatefulSet, now: Millis): string {
  let selector: Selector;
  try {
    selector = labelSelectorAsSelector(sts.spec.selector);
  } catch {
    selector = Selector.NOTHING;
  }
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${sts.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${sts.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${formatRFC1123Z(sts.metadata.creationTimestamp, view.startTime)}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(sts.spec.selector)}\n`);
    printLabelsMultiline(w, 'Labels', sts.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', sts.metadata.annotations);
    w.write(LEVEL_0, `Replicas:\t${sts.spec.replicas ?? 1} desired | ${sts.status?.replicas ?? 0} total\n`);
    const strategy = sts.spec.updateStrategy;
    w.write(LEVEL_0, `Update Strategy:\t${strategy?.type ?? ''}\n`);
    const ru = strategy?.rollingUpdate;
    if (ru?.partition !== undefined) {
      w.write(LEVEL_1, `Partition:\t${ru.partition}\n`);
      if (ru.maxUnavailable !== undefined) w.write(LEVEL_1, `MaxUnavailable:\t${intOrString(ru.maxUnavailable)}\n`);
    }
    w.write(LEVEL_0, `Pods Status:\t${podStatusForController(view, selector, sts.metadata.uid)}\n`);
    describePodTemplate(sts.spec.template, w);
    describeVolumeClaimTemplates(sts.spec.volumeClaimTemplates, w);
    describeEvents(view.eventsFor(sts.metadata.uid ?? ''), w, now);
  });
}

function describeVolumeClaimTemplates(templates: readonly PersistentVolumeClaimTemplate[] | undefined, w: PrefixWriter): void {
  if (templates === undefined || templates.length === 0) {
    w.write(LEVEL_0, 'Volume Claims:\t<none>\n');
    return;
  }
  w.write(LEVEL_0, 'Volume Claims:\n');
  for (const t of templates) {
    w.write(LEVEL_1, `Name:\t${t.metadata.name ?? ''}\n`);
    w.write(LEVEL_1, `StorageClass:\t${storageClassOf(t)}\n`);
    printLabelsMultiline(w, 'Labels', t.metadata.labels, '  ');
    // Upstream prints these with the labels' helper: `k=v`, the last-applied record kept.
    printLabelsMultiline(w, 'Annotations', t.metadata.annotations, '  ');
    const storage = t.spec.resources?.requests?.storage;
    w.write(LEVEL_1, `Capacity:\t${storage === undefined ? '<default>' : quantityString(storage)}\n`);
    w.write(LEVEL_1, `Access Modes:\t${goSlice(t.spec.accessModes)}\n`);
  }
}
