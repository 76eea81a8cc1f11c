import { type ClusterView, formatRFC3339, type Millis } from '@kubesim/core';
import { failed, type KubectlOutcome, wrote } from '../outcome.js';
import { groupResource } from '../resources.js';

const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

/**
 * `kubectl rollout restart` (objectrestarter.go): stamps the pod template with the
 * restartedAt annotation, a template change that rolls every pod. Deployments, StatefulSets
 * and DaemonSets only; a paused Deployment refuses.
 */
export function rolloutRestart(
  view: ClusterView,
  name: string,
  namespace = 'default',
  now: Millis = 0,
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet' = 'Deployment',
): KubectlOutcome {
  const obj = view.get(kind, namespace, name);
  const resource = groupResource(kind);
  if (obj === undefined) return failed(`Error from server (NotFound): ${resource} ${JSON.stringify(name)} not found`);
  if (obj.kind === 'Deployment' && obj.spec.paused) {
    return failed(`${resource} ${JSON.stringify(name)} can't restart paused deployment (run rollout resume first)`);
  }
  // kubectl stamps its clock to the second; a second restart within it is an empty patch.
  const stamp = formatRFC3339(now, view.startTime);
  if (obj.spec.template.metadata?.annotations?.[RESTARTED_AT] === stamp) {
    return failed(
      `failed to create patch for ${name}: if restart has already been triggered within the past second, please wait before attempting to trigger another`,
    );
  }
  return wrote(`${kind.toLowerCase()}.apps/${name} restarted\n`, {
    type: 'Patch',
    ref: { kind, namespace, name },
    patchType: 'strategic',
    patch: { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: stamp } } } } },
  });
}
