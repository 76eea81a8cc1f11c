import { controllerOf, isPodReady, type Millis, type Pod } from '@kubesim/core';
import { podStatusColumn } from '../../printers/pods.js';
import type { PodCategory, PodSpan, PodTrack } from './types.js';

const CREATING = new Set(['ContainerCreating', 'PodInitializing']);
const FAILED_PHASES = new Set(['Failed', 'Error', 'Unknown']);

/**
 * The colour a pod's STATUS column gets: kubectl's wording stays the label, the category
 * groups the many failure reasons (ErrImagePull, CrashLoopBackOff, Evicted, ExitCode:1, ...).
 */
export function podCategory(pod: Pod, status: string): PodCategory {
  if (status === 'Terminating') return 'terminating';
  if (status === 'Pending') return 'pending';
  if (CREATING.has(status) || /^Init:\d+\/\d+$/.test(status)) return 'creating';
  if (status === 'Running') return isPodReady(pod) ? 'ready' : 'running';
  if (status === 'Completed' || status === 'Succeeded') return 'completed';
  if (status === 'NotReady') return 'running';
  if (FAILED_PHASES.has(status)) return 'failed';
  return 'failed';
}

interface Open {
  readonly track: Omit<PodTrack, 'spans' | 'node'> & { node?: string };
  readonly spans: PodSpan[];
  current: { from: Millis; status: string; category: PodCategory } | undefined;
}

/** Each pod's STATUS over time, one track per pod (uid), in the order pods were created. */
export class PodRecorder {
  private readonly byUid = new Map<string, Open>();

  observe(time: Millis, pod: Pod | undefined, old: Pod | undefined): void {
    const p = pod ?? old;
    if (p === undefined) return;
    const uid = p.metadata.uid ?? `${p.metadata.namespace}/${p.metadata.name}`;
    let o = this.byUid.get(uid);
    if (o === undefined) {
      const owner = controllerOf(p);
      o = {
        track: {
          uid,
          namespace: p.metadata.namespace ?? 'default',
          name: p.metadata.name ?? '',
          ...(owner !== undefined ? { owner: `${owner.kind}/${owner.name}` } : {}),
        },
        spans: [],
        current: undefined,
      };
      this.byUid.set(uid, o);
    }
    if (pod?.spec.nodeName !== undefined) o.track.node = pod.spec.nodeName;
    const status = pod === undefined ? undefined : podStatusColumn(pod) || 'Pending';
    const category = pod === undefined || status === undefined ? undefined : podCategory(pod, status);
    if (o.current !== undefined && o.current.status === status && o.current.category === category) return;
    if (o.current !== undefined) {
      if (o.current.from === time) o.spans.pop();
      else o.spans[o.spans.length - 1] = { ...o.current, to: time };
    }
    o.current = undefined;
    if (status !== undefined && category !== undefined) {
      o.current = { from: time, status, category };
      o.spans.push({ from: time, status, category });
    }
  }

  tracks(): PodTrack[] {
    return [...this.byUid.values()].map((o) => ({ ...o.track, spans: o.spans }));
  }
}
