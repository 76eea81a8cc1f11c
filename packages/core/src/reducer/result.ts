import type { Kind, KubeObject } from '../api/types.js';
import type { WriteError } from '../events.js';
import type { ClusterState } from '../state.js';
import type { NodeRuntime } from '../world.js';

/** One object (or world record) that an event changed: what watchers are told. */
export type Change =
  | { readonly kind: Kind; readonly key: string; readonly old?: KubeObject; readonly new?: KubeObject }
  | { readonly kind: 'NodeRuntime'; readonly key: string; readonly old?: NodeRuntime; readonly new?: NodeRuntime };

/** What one event did: the new state, the changes watchers see, and the error a rejected write met. */
export interface ReduceResult {
  readonly state: ClusterState;
  readonly changes: readonly Change[];
  readonly error?: WriteError;
  readonly skipped?: string;
}

/**
 * The change of the object a write was for. A write's side effects on other objects come
 * first (the quotas ResourceQuota admission charged, the budget an eviction drew on), so the
 * object written is the last change.
 */
export function writtenChange<C extends Change>(changes: readonly C[]): C | undefined {
  return changes[changes.length - 1];
}

export function rejected(state: ClusterState, error: WriteError): ReduceResult {
  return { state, changes: [], error };
}

export function skipped(state: ClusterState, reason: string): ReduceResult {
  return { state, changes: [], skipped: reason };
}

export function unchanged(state: ClusterState): ReduceResult {
  return { state, changes: [] };
}
