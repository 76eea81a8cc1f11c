import type { ClusterView, Kind, Millis } from '@kubesim/core';
import type { KubectlContext } from '../kubectl/context.js';
import { get } from '../kubectl/get.js';

/** The kinds `kubesim run` shows at the end, in the order `kubectl get all` lists them, then storage and nodes. */
const SHOWN: readonly [Kind, string][] = [
  ['Deployment', 'deployments'],
  ['ReplicaSet', 'replicasets'],
  ['ReplicationController', 'replicationcontrollers'],
  ['StatefulSet', 'statefulsets'],
  ['DaemonSet', 'daemonsets'],
  ['HorizontalPodAutoscaler', 'hpa'],
  ['Job', 'jobs'],
  ['CronJob', 'cronjobs'],
  ['Pod', 'pods'],
  ['Service', 'services'],
  ['PersistentVolumeClaim', 'pvc'],
  ['PersistentVolume', 'pv'],
  ['Node', 'nodes'],
];

/** `$ kubectl get <kind>` and its table for every kind with objects, separated by blank lines. */
export function finalTables(view: ClusterView, now: Millis, namespace: string): string {
  const ctx: KubectlContext = {
    view,
    now,
    namespace,
    readFile: () => [],
    random: { next: () => 0, int: () => 0 },
  };
  const sections: string[] = [];
  for (const [kind, resource] of SHOWN) {
    const namespaced = kind !== 'PersistentVolume' && kind !== 'Node';
    if (view.count(kind, namespaced ? namespace : undefined) === 0) continue;
    const out = get({ positionals: [resource], flags: new Map() }, ctx);
    sections.push(`$ kubectl get ${resource}\n${out.stdout}`);
  }
  return sections.join('\n');
}
