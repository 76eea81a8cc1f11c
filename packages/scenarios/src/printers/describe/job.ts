import { type ClusterView, humanDuration, type Job, type Millis } from '@kubesim/core';
import { formatRFC1123Z } from '../rfc1123.js';
import { describeEvents } from './events.js';
import { controllerString, formatLabelSelector } from './format.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import { describePodTemplate } from './podTemplate.js';
import { LEVEL_0, tabbedString } from './writer.js';

/** capIndexesListOrNone: the indexes up to the first comma past 50 characters, then `...`. */
export function capIndexesListOrNone(indexes: string | undefined, softLimit = 50): string {
  if (indexes === undefined || indexes.length === 0) return '<none>';
  let ix = softLimit;
  for (; ix < indexes.length; ix++) if (indexes[ix] === ',') break;
  return ix >= indexes.length ? indexes : `${indexes.slice(0, ix + 1)}...`;
}

/** describeJob (kubectl describe.go). */
export function describeJob(view: ClusterView, job: Job, now: Millis): string {
  const s = job.spec;
  const st = job.status ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${job.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${job.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabelSelector(s.selector)}\n`);
    printLabelsMultiline(w, 'Labels', job.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', job.metadata.annotations);
    const controlledBy = controllerString(job);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    if (s.parallelism !== undefined) w.write(LEVEL_0, `Parallelism:\t${s.parallelism}\n`);
    w.write(LEVEL_0, `Completions:\t${s.completions ?? '<unset>'}\n`);
    if (s.completionMode !== undefined) w.write(LEVEL_0, `Completion Mode:\t${s.completionMode}\n`);
    if (s.suspend !== undefined) w.write(LEVEL_0, `Suspend:\t${s.suspend}\n`);
    if (s.backoffLimit !== undefined) w.write(LEVEL_0, `Backoff Limit:\t${s.backoffLimit}\n`);
    if (s.ttlSecondsAfterFinished !== undefined) w.write(LEVEL_0, `TTL Seconds After Finished:\t${s.ttlSecondsAfterFinished}\n`);
    if (st.startTime !== undefined) w.write(LEVEL_0, `Start Time:\t${formatRFC1123Z(st.startTime, view.startTime)}\n`);
    if (st.completionTime !== undefined)
      w.write(LEVEL_0, `Completed At:\t${formatRFC1123Z(st.completionTime, view.startTime)}\n`);
    if (st.startTime !== undefined && st.completionTime !== undefined) {
      w.write(LEVEL_0, `Duration:\t${humanDuration(st.completionTime - st.startTime)}\n`);
    }
    if (s.activeDeadlineSeconds !== undefined) w.write(LEVEL_0, `Active Deadline Seconds:\t${s.activeDeadlineSeconds}s\n`);
    const counts = `${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed`;
    if (st.ready === undefined) w.write(LEVEL_0, `Pods Statuses:\t${st.active ?? 0} Active / ${counts}\n`);
    else w.write(LEVEL_0, `Pods Statuses:\t${st.active ?? 0} Active (${st.ready} Ready) / ${counts}\n`);
    if (s.completionMode === 'Indexed') w.write(LEVEL_0, `Completed Indexes:\t${capIndexesListOrNone(st.completedIndexes)}\n`);
    describePodTemplate(s.template, w);
    describeEvents(view.eventsFor(job.metadata.uid ?? ''), w, now);
  });
}
