import type { ClusterView, CronJob, Millis } from '@kubesim/core';
import { formatRFC1123Z } from '../rfc1123.js';
import { describeEvents } from './events.js';
import { selectorString } from './format.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import { describePodTemplate } from './podTemplate.js';
import { LEVEL_0, type PrefixWriter, tabbedString } from './writer.js';

/** `<unset>` for a missing pointer, as printBoolPtr and describe's int fields print it. */
const orUnset = (v: number | boolean | undefined, f: (x: number | boolean) => string = String): string =>
  v === undefined ? '<unset>' : f(v);

/** describeJobTemplate: selector, parallelism, completions, the deadline when set, then the pod template. */
function describeJobTemplate(template: CronJob['spec']['jobTemplate'], w: PrefixWriter): void {
  const s = template.spec;
  w.write(LEVEL_0, `Selector:\t${s.selector === undefined ? '<unset>' : selectorString(s.selector)}\n`);
  w.write(LEVEL_0, `Parallelism:\t${orUnset(s.parallelism)}\n`);
  w.write(LEVEL_0, `Completions:\t${orUnset(s.completions)}\n`);
  if (s.activeDeadlineSeconds !== undefined) w.write(LEVEL_0, `Active Deadline Seconds:\t${s.activeDeadlineSeconds}s\n`);
  describePodTemplate(s.template, w);
}

/** describeCronJob (kubectl v1.34): schedule and policies, the job template, the last schedule and the active jobs. */
export function describeCronJob(view: ClusterView, cj: CronJob, now: Millis): string {
  const s = cj.spec;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${cj.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${cj.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', cj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', cj.metadata.annotations);
    w.write(LEVEL_0, `Schedule:\t${s.schedule}\n`);
    w.write(LEVEL_0, `Concurrency Policy:\t${s.concurrencyPolicy ?? ''}\n`);
    w.write(LEVEL_0, `Suspend:\t${orUnset(s.suspend, (b) => (b ? 'True' : 'False'))}\n`);
    w.write(LEVEL_0, `Successful Job History Limit:\t${orUnset(s.successfulJobsHistoryLimit)}\n`);
    w.write(LEVEL_0, `Failed Job History Limit:\t${orUnset(s.failedJobsHistoryLimit)}\n`);
    w.write(LEVEL_0, `Starting Deadline Seconds:\t${orUnset(s.startingDeadlineSeconds, (n) => `${n}s`)}\n`);
    describeJobTemplate(s.jobTemplate, w);
    const last = cj.status?.lastScheduleTime;
    w.write(LEVEL_0, `Last Schedule Time:\t${last === undefined ? '<unset>' : formatRFC1123Z(last, view.startTime)}\n`);
    const active = cj.status?.active ?? [];
    w.write(LEVEL_0, `Active Jobs:\t${active.length === 0 ? '<none>' : active.map((j) => j.name).join(', ')}\n`);
    describeEvents(view.eventsFor(cj.metadata.uid ?? ''), w, now);
  });
}
