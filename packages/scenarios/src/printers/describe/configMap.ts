import { base64Decode, type ClusterView, type ConfigMap, type Millis, type Secret } from '@kubesim/core';
import { describeEvents } from './events.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import { LEVEL_0, tabbedString } from './writer.js';

/**
 * describe.go's describeConfigMap and describeSecret. Go walks the data maps in random
 * order; kubesim walks them sorted. A Secret's values are never shown, only their sizes.
 */

const sorted = (m: Record<string, string> | undefined): [string, string][] =>
  Object.entries(m ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** len() of the bytes a base64 value holds. */
function byteCount(value: string): number {
  const d = base64Decode(value);
  return 'bytes' in d ? d.bytes : 0;
}

export function describeConfigMap(view: ClusterView, cm: ConfigMap, now: Millis): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${cm.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${cm.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', cm.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', cm.metadata.annotations);
    w.write(LEVEL_0, '\nData\n====\n');
    for (const [k, v] of sorted(cm.data)) {
      w.write(LEVEL_0, `${k}:\n----\n`);
      w.write(LEVEL_0, `${v}\n`);
    }
    w.write(LEVEL_0, '\nBinaryData\n====\n');
    for (const [k, v] of sorted(cm.binaryData)) w.write(LEVEL_0, `${k}: ${byteCount(v)} bytes\n`);
    w.write(LEVEL_0, '\n');
    describeEvents(view.eventsFor(cm.metadata.uid ?? ''), w, now);
  });
}

export function describeSecret(_view: ClusterView, secret: Secret): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${secret.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${secret.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', secret.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', secret.metadata.annotations);
    w.write(LEVEL_0, `\nType:\t${secret.type ?? ''}\n`);
    w.write(LEVEL_0, '\nData\n====\n');
    for (const [k, v] of sorted(secret.data)) {
      // Only a service account token is shown as it is.
      if (k === 'token' && secret.type === 'kubernetes.io/service-account-token') w.write(LEVEL_0, `${k}:\t${atob(v)}\n`);
      else w.write(LEVEL_0, `${k}:\t${byteCount(v)} bytes\n`);
    }
  });
}
