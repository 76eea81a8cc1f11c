import type { ClusterView, Millis, Namespace } from '@kubesim/core';
import { formatRFC1123Z } from '../rfc1123.js';
import { describeLimitRanges } from './limitRange.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import { describeResourceQuotas } from './resourceQuota.js';
import { LEVEL_0, LEVEL_1, tabbedString } from './writer.js';

/**
 * describeNamespace (k8s.io/kubectl/pkg/describe): name, labels, annotations, the phase, the
 * deleter's conditions, then the namespace's quotas and limit ranges.
 */
export function describeNamespace(view: ClusterView, ns: Namespace, _now: Millis): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ns.metadata.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', ns.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ns.metadata.annotations);
    w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ''}\n`);
    const conditions = ns.status?.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------------------\t------\t-------\n');
      for (const c of conditions) {
        const at = formatRFC1123Z(c.lastTransitionTime, view.startTime);
        w.write(LEVEL_1, `${c.type}\t${c.status}\t${at}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
      }
    }
    w.write(LEVEL_0, '\n');
    describeResourceQuotas(view.list('ResourceQuota', ns.metadata.name ?? ''), w);
    w.write(LEVEL_0, '\n');
    describeLimitRanges(view.list('LimitRange', ns.metadata.name ?? ''), w);
  });
}
