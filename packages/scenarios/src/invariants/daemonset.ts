import { daemon, daemonutil } from '@kubesim/controllers';
import type { ClusterView, DaemonSet, Pod } from '@kubesim/core';
import { controllerOf } from '@kubesim/core';
import type { InvariantResult, ScenarioInvariant } from './types.js';

/**
 * The DaemonSet guarantee (daemon_controller.go manage/podsShouldBeOnNode): one daemon pod on
 * every node NodeShouldRunDaemonPod wants it on, none on a node whose taints it does not
 * tolerate with NoExecute or whose labels it no longer matches. The controller creates a pod
 * only on a node without one (its expectations keep it from creating twice); with maxSurge a
 * node holds an old and a new pod until the new one is available; pods being deleted do not
 * count. Checked at every pod the controller creates, and for every node at the end of the run.
 */

/** The name the DaemonSet controller writes under in the log. */
export const DAEMONSET_ACTOR = 'daemonset';

function daemonSetOf(view: ClusterView, pod: Pod): DaemonSet | undefined {
  const ref = controllerOf(pod);
  if (ref?.kind !== 'DaemonSet') return undefined;
  const ds = view.get('DaemonSet', pod.metadata.namespace, ref.name);
  return ds?.metadata.uid === ref.uid ? ds : undefined;
}

/** The set's pods not being deleted, by the node they run on or are pinned to. */
function livePodsByNode(view: ClusterView, ds: DaemonSet): Map<string, Pod[]> {
  const out = new Map<string, Pod[]>();
  const uid = ds.metadata.uid as string;
  for (const pod of view.dependentsOf(uid, 'Pod')) {
    if (controllerOf(pod)?.uid !== uid || pod.metadata.deletionTimestamp !== undefined) continue;
    if (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded') continue;
    const node = daemonutil.getTargetNodeName(pod);
    if (node instanceof Error) continue;
    out.set(node, [...(out.get(node) ?? []), pod]);
  }
  return out;
}

const most = (ds: DaemonSet): number => (daemonutil.allowsSurge(ds) ? 2 : 1);

export function daemonSetOnePodPerNode(): ScenarioInvariant {
  return {
    name: 'daemonset-one-pod-per-node',
    upstream:
      'pkg/controller/daemon/daemon_controller.go podsShouldBeOnNode and update.go: one daemon pod per node (two during a maxSurge update)',
    description:
      'A DaemonSet never creates a second pod on a node (a third with maxSurge); once the run settles every eligible node runs one daemon pod and no other node does.',
    check(ctx): InvariantResult {
      if (ctx.entry.by !== DAEMONSET_ACTOR) return undefined;
      for (const c of ctx.changes) {
        if (c.kind !== 'Pod' || c.old !== undefined || c.new === undefined) continue;
        const pod = c.new as Pod;
        const ds = daemonSetOf(ctx.view, pod);
        const node = daemonutil.getTargetNodeName(pod);
        if (ds === undefined || node instanceof Error) continue;
        const here = livePodsByNode(ctx.view, ds).get(node) ?? [];
        if (here.length > most(ds)) {
          return {
            message: `daemonset/${ds.metadata.name} created pod/${pod.metadata.name} on node ${node}, which already runs ${here
              .filter((p) => p !== pod)
              .map((p) => `pod/${p.metadata.name}`)
              .join(', ')}`,
            objects: [`daemonset/${ds.metadata.name}`, `pod/${pod.metadata.name}`, `node/${node}`],
          };
        }
      }
      return undefined;
    },
    finish(view) {
      const out: { message: string; objects: string[] }[] = [];
      const nodes = view.nodes();
      for (const ds of view.list('DaemonSet')) {
        if (ds.metadata.deletionTimestamp !== undefined) continue;
        const byNode = livePodsByNode(view, ds);
        for (const node of nodes) {
          const name = node.metadata.name as string;
          const { shouldRun, shouldContinueRunning } = daemon.nodeShouldRunDaemonPod(node, ds);
          const n = byNode.get(name)?.length ?? 0;
          const limit = shouldRun ? most(ds) : shouldContinueRunning ? 1 : 0;
          const problem =
            shouldRun && n === 0
              ? 'runs no daemon pod'
              : n > limit
                ? `runs ${n} daemon pods (at most ${limit} allowed)`
                : undefined;
          if (problem !== undefined) {
            out.push({
              message: `node/${name} ${problem} of daemonset/${ds.metadata.name}`,
              objects: [`daemonset/${ds.metadata.name}`, `node/${name}`],
            });
          }
        }
      }
      return out;
    },
  };
}
