import { statefulset } from '@kubesim/controllers';
import {
  type ClusterView,
  isPodReady,
  isPodTerminal,
  type PersistentVolumeClaim,
  type Pod,
  type StatefulSet,
} from '@kubesim/core';
import { ordinalOf, statefulSetOfPod } from './ownership.js';
import type { InvariantContext, ScenarioInvariant } from './types.js';

/**
 * The StatefulSet guarantees (statefulset/stateful_set_control.go and the StatefulSet docs):
 * ordered creation and termination, at most one running pod per ordinal, updates that leave
 * the pods below the partition alone, and claims that outlive their pods.
 */

/** The name the StatefulSet controller writes under in the log. */
export const STATEFULSET_ACTOR = 'statefulset';

const runningAndReady = (pod: Pod | undefined): boolean =>
  pod !== undefined && pod.metadata.deletionTimestamp === undefined && pod.status?.phase === 'Running' && isPodReady(pod);

const orderedReady = (sts: StatefulSet): boolean => (sts.spec.podManagementPolicy ?? 'OrderedReady') === 'OrderedReady';
const replicasOf = (sts: StatefulSet): number => sts.spec.replicas ?? 1;

function podAt(view: ClusterView, sts: StatefulSet, ordinal: number): Pod | undefined {
  return view.get('Pod', sts.metadata.namespace, `${sts.metadata.name}-${ordinal}`);
}

/** A pod change: created, or newly marked for deletion, or removed outright. */
function podTransitions(ctx: InvariantContext): { created: Pod[]; deleted: Pod[] } {
  const created: Pod[] = [];
  const deleted: Pod[] = [];
  for (const c of ctx.changes) {
    if (c.kind !== 'Pod') continue;
    const old = c.old as Pod | undefined;
    const pod = c.new as Pod | undefined;
    if (old === undefined && pod !== undefined) created.push(pod);
    else if (
      old !== undefined &&
      old.metadata.deletionTimestamp === undefined &&
      (pod === undefined || pod.metadata.deletionTimestamp !== undefined)
    ) {
      deleted.push(old);
    }
  }
  return { created, deleted };
}

/**
 * OrderedReady: pod N is created only when pods below it are Running and Ready; a condemned
 * pod is deleted only when no higher ordinal remains; a rolling update deletes pod N only when
 * every higher ordinal is updated, Running and Ready.
 */
export function statefulSetOrdering(): ScenarioInvariant {
  return {
    name: 'statefulset-ordering',
    upstream:
      'pkg/controller/statefulset/stateful_set_control.go updateStatefulSet: OrderedReady waits for Running and Ready, scales down from the highest ordinal',
    description:
      'With OrderedReady, pods are created in ordinal order, each after the ones before it are Running and Ready, and removed in reverse order.',
    check(ctx) {
      const { created, deleted } = podTransitions(ctx);
      // The controller is judged on what it saw when it decided (its informers, which lag),
      // anyone else on the cluster as it is.
      const seen = ctx.decidedOn ?? ctx.view;
      for (const pod of created) {
        const sts = statefulSetOfPod(ctx.view, pod);
        const n = sts === undefined ? undefined : ordinalOf(sts, pod);
        if (sts === undefined || n === undefined || !orderedReady(sts)) continue;
        for (let i = statefulset.getStartOrdinal(sts); i < n; i++) {
          if (!runningAndReady(podAt(seen, sts, i))) {
            return {
              message: `pod/${pod.metadata.name} was created while pod/${sts.metadata.name}-${i} is not Running and Ready`,
              objects: [`statefulset/${sts.metadata.name}`, `pod/${pod.metadata.name}`, `pod/${sts.metadata.name}-${i}`],
            };
          }
        }
      }
      if (ctx.entry.by !== STATEFULSET_ACTOR) return undefined;
      for (const pod of deleted) {
        const current = statefulSetOfPod(ctx.view, pod);
        // The set as the controller saw it: its replicas and revisions then.
        const sts = current && (seen.get('StatefulSet', current.metadata.namespace, current.metadata.name ?? '') ?? current);
        const n = sts === undefined ? undefined : ordinalOf(sts, pod);
        if (sts === undefined || n === undefined || !orderedReady(sts) || isPodTerminal(pod)) continue;
        const end = statefulset.getStartOrdinal(sts) + replicasOf(sts);
        if (n >= end) {
          // Scale down: the highest ordinal goes first — any higher one, past a gap too.
          const higher = seen
            .dependentsOf(sts.metadata.uid as string, 'Pod')
            .map((p) => ordinalOf(sts, p))
            .filter((i): i is number => i !== undefined && i > n)
            .sort((a, b) => a - b)[0];
          if (higher !== undefined) {
            return {
              message: `pod/${pod.metadata.name} was deleted while pod/${sts.metadata.name}-${higher}, a higher ordinal, still exists`,
              objects: [`statefulset/${sts.metadata.name}`, `pod/${pod.metadata.name}`],
            };
          }
        } else if (pod.metadata.labels?.[statefulset.STATEFULSET_REVISION_LABEL] !== sts.status?.updateRevision) {
          // Rolling update: from the highest ordinal down, one at a time.
          for (let i = n + 1; i < end; i++) {
            const higher = podAt(seen, sts, i);
            if (
              !runningAndReady(higher) ||
              higher?.metadata.labels?.[statefulset.STATEFULSET_REVISION_LABEL] !== sts.status?.updateRevision
            ) {
              return {
                message: `pod/${pod.metadata.name} was deleted for the update while pod/${sts.metadata.name}-${i} is not yet updated, Running and Ready`,
                objects: [`statefulset/${sts.metadata.name}`, `pod/${pod.metadata.name}`],
              };
            }
          }
        }
      }
      return undefined;
    },
  };
}

/**
 * At most one pod per ordinal: a pod removed from the API while its node is down may still
 * be running there (a force delete); a new pod of the same ordinal must not run until that
 * node is back and has killed it.
 */
export function onePodPerOrdinal(): ScenarioInvariant {
  /** `namespace/pod name` → the node (down, or cut off) that may still run it. */
  const ghosts = new Map<string, string>();
  const cutOff = new Set<string>();
  return {
    name: 'one-pod-per-ordinal',
    upstream:
      'pkg/controller/statefulset/stateful_set_control.go: one pod per identity (at most once, unless a pod is force-deleted)',
    description:
      'At most one pod of a StatefulSet ordinal runs at a time, counting one force-deleted from a node that is down or cut off.',
    check(ctx) {
      const e = ctx.entry.event;
      // The machine rebooted, or the partition healed (the kubelet kills what the API server no longer has).
      if (e.type === 'NodeRecovers' || e.type === 'NodePartitionHeals') {
        const name = e.type === 'NodeRecovers' ? e.name : e.node;
        for (const [key, node] of ghosts) if (node === name) ghosts.delete(key);
        return undefined;
      }
      for (const c of ctx.changes) {
        if (c.kind !== 'Pod') continue;
        const old = c.old as Pod | undefined;
        const pod = c.new as Pod | undefined;
        if (old !== undefined && pod === undefined) {
          const node = old.spec.nodeName;
          const runtime = node === undefined ? undefined : ctx.state.world.nodes.get(node);
          if (
            node !== undefined &&
            runtime !== undefined &&
            // Down, or cut off from the API server with its containers running on (NodePartition).
            (!runtime.up || runtime.partitionedAt !== undefined) &&
            old.status?.phase === 'Running' &&
            statefulSetOfPod(ctx.view, old) !== undefined
          ) {
            ghosts.set(c.key, node);
            if (runtime.up) cutOff.add(c.key);
            else cutOff.delete(c.key);
          }
          continue;
        }
        if (pod === undefined || pod.status?.phase !== 'Running' || (old !== undefined && old.status?.phase === 'Running'))
          continue;
        const ghostNode = ghosts.get(c.key);
        if (ghostNode !== undefined && ghostNode !== pod.spec.nodeName) {
          return {
            message: `pod/${pod.metadata.name} is running on ${pod.spec.nodeName} while its earlier incarnation may still run on ${ghostNode}, which is ${cutOff.has(c.key) ? 'cut off from the API server' : 'down'}`,
            objects: [`pod/${pod.metadata.name}`, `node/${ghostNode}`],
          };
        }
      }
      return undefined;
    },
  };
}

/**
 * Pods below the partition keep the current revision: never deleted for the update (a scale-down
 * still removes them), recreated at the current revision.
 */
export function partitionRespected(): ScenarioInvariant {
  return {
    name: 'partition-respected',
    upstream:
      'pkg/controller/statefulset/stateful_set_control.go rolling update: ordinals below the partition keep the current revision',
    description: 'A partitioned rolling update leaves pods with ordinals below the partition at the current revision.',
    check(ctx) {
      const { created, deleted } = podTransitions(ctx);
      const below = (pod: Pod): StatefulSet | undefined => {
        const sts = statefulSetOfPod(ctx.view, pod);
        const n = sts === undefined ? undefined : ordinalOf(sts, pod);
        if (sts === undefined || n === undefined || sts.spec.updateStrategy?.type !== 'RollingUpdate') return undefined;
        return n < statefulset.getStartOrdinal(sts) + (sts.spec.updateStrategy.rollingUpdate?.partition ?? 0) ? sts : undefined;
      };
      for (const pod of created) {
        const sts = below(pod);
        const current = sts?.status?.currentRevision;
        if (sts === undefined || current === undefined || current === sts.status?.updateRevision) continue;
        if (pod.metadata.labels?.[statefulset.STATEFULSET_REVISION_LABEL] !== current) {
          return {
            message: `pod/${pod.metadata.name} is below the partition but was created at revision ${pod.metadata.labels?.[statefulset.STATEFULSET_REVISION_LABEL]}, not the current ${current}`,
            objects: [`statefulset/${sts.metadata.name}`, `pod/${pod.metadata.name}`],
          };
        }
      }
      if (ctx.entry.by !== STATEFULSET_ACTOR) return undefined;
      for (const pod of deleted) {
        const sts = below(pod);
        if (sts === undefined || isPodTerminal(pod)) continue;
        // A scale-down deletes the ordinals past spec.replicas whatever the partition: the
        // partition holds back the update, not the scale (updateStatefulSet's condemned pods).
        const n = ordinalOf(sts, pod) ?? 0;
        if (n >= statefulset.getStartOrdinal(sts) + (sts.spec.replicas ?? 1)) continue;
        if (pod.metadata.labels?.[statefulset.STATEFULSET_REVISION_LABEL] === sts.status?.currentRevision) {
          return {
            message: `pod/${pod.metadata.name} is below the partition (${sts.spec.updateStrategy?.rollingUpdate?.partition}) but the controller deleted it`,
            objects: [`statefulset/${sts.metadata.name}`, `pod/${pod.metadata.name}`],
          };
        }
      }
      return undefined;
    },
  };
}

interface ClaimPolicy {
  readonly templates: readonly string[];
  readonly whenScaled: 'Retain' | 'Delete';
  readonly whenDeleted: 'Retain' | 'Delete';
  readonly replicas: number;
  readonly start: number;
  readonly exists: boolean;
}

/**
 * Claims retained: a PersistentVolumeClaim made from a volumeClaimTemplate is deleted by
 * nobody but a user, unless the set's persistentVolumeClaimRetentionPolicy says Delete for
 * the case at hand (a scaled-down ordinal, or the set deleted).
 */
export function claimsRetained(): ScenarioInvariant {
  const sets = new Map<string, ClaimPolicy>();
  return {
    name: 'claims-retained',
    upstream:
      'pkg/controller/statefulset/stateful_pod_control.go and stateful_set_utils.go: PersistentVolumeClaimRetentionPolicy',
    description:
      "A StatefulSet's claims survive its pods being deleted, rescheduled or scaled away, unless its retention policy says Delete.",
    check(ctx) {
      for (const c of ctx.changes) {
        if (c.kind === 'StatefulSet') {
          const sts = (c.new ?? c.old) as StatefulSet;
          const p = sts.spec.persistentVolumeClaimRetentionPolicy;
          sets.set(c.key, {
            templates: (sts.spec.volumeClaimTemplates ?? []).map((t) => t.metadata?.name ?? ''),
            whenScaled: p?.whenScaled ?? 'Retain',
            whenDeleted: p?.whenDeleted ?? 'Retain',
            replicas: replicasOf(sts),
            start: statefulset.getStartOrdinal(sts),
            exists: c.new !== undefined,
          });
        }
      }
      if (ctx.entry.by === 'user') return undefined;
      for (const c of ctx.changes) {
        if (c.kind !== 'PersistentVolumeClaim') continue;
        const old = c.old as PersistentVolumeClaim | undefined;
        const pvc = c.new as PersistentVolumeClaim | undefined;
        const goes =
          old !== undefined &&
          old.metadata.deletionTimestamp === undefined &&
          (pvc === undefined || pvc.metadata.deletionTimestamp !== undefined);
        if (!goes || old === undefined) continue;
        const claim = old.metadata.name ?? '';
        for (const [key, policy] of sets) {
          const [namespace, setName] = key.split('/') as [string, string];
          if (namespace !== old.metadata.namespace) continue;
          const template = policy.templates.find((t) =>
            new RegExp(`^${escapeRegExp(t)}-${escapeRegExp(setName)}-[0-9]+$`).test(claim),
          );
          if (template === undefined) continue;
          const ordinal = Number(claim.slice(`${template}-${setName}-`.length));
          const allowed = policy.exists
            ? policy.whenScaled === 'Delete' && ordinal >= policy.start + policy.replicas
            : policy.whenDeleted === 'Delete';
          if (!allowed) {
            return {
              message: `persistentvolumeclaim/${claim} of statefulset/${setName} was deleted by ${ctx.entry.by}, though the retention policy keeps it`,
              objects: [`persistentvolumeclaim/${claim}`, `statefulset/${setName}`],
            };
          }
        }
      }
      return undefined;
    },
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
