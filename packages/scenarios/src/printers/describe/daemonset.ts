import { type ClusterView, type DaemonSet, labelSelectorAsSelector, type Millis, Selector } from '@kubesim/core';
import { formatLabels } from '../get.js';
import { podStatusForController } from './controllerPods.js';
import { describeEvents } from './events.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import { describePodTemplate } from './podTemplate.js';
import { LEVEL_0, tabbedString } from './writer.js';

/**
 * describeDaemonSet (kubectl describe.go DaemonSetDescriber): the selector as the converted
 * selector prints it, the template's node selector, the five status counts, the pods by phase,
 * the pod template and the events.
 */
export function describeDaemonSet(view: ClusterView, ds: DaemonSet, now: Millis): string {
  let selector: Selector;
  try {
    selector = labelSelectorAsSelector(ds.spec.selector);
  } catch {
    selector = Selector.NOTHING;
  }
  const s = ds.status;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ds.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${ds.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${selector.toString()}\n`);
    w.write(LEVEL_0, `Node-Selector:\t${formatLabels(ds.spec.template.spec.nodeSelector)}\n`);
    printLabelsMultiline(w, 'Labels', ds.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ds.metadata.annotations);
    w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${s?.desiredNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${s?.currentNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Up-to-date Pods: ${s?.updatedNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${s?.numberAvailable ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Misscheduled: ${s?.numberMisscheduled ?? 0}\n`);
    w.write(LEVEL_0, `Pods Status:\t${podStatusForController(view, selector, ds.metadata.uid)}\n`);
    describePodTemplate(ds.spec.template, w);
    describeEvents(view.eventsFor(ds.metadata.uid ?? ''), w, now);
  });
}
