import type { ClusterView, LogEntry } from '@kubesim/core';

/**
 * What a controller restart (a ControllerRestart fault) lets upstream do: the new process
 * starts with empty expectations and acts on its first list, while writes the old process
 * sent may still land after that list (the API server finishes a request whose client has
 * gone). So a ReplicaSet controller that restarts with a pod create in flight can create the
 * pod again, and deletes the extra once its informers show both (replica_set.go
 * manageReplicas: expectations only stop one process from deciding twice).
 *
 * This tells those late writes of an old process apart (a write by one of `controllers` caused
 * by a sync logged before the controller's last restart, landing after it), remembers the
 * objects they created, by owner, and tells whether a later decision was made on a view that
 * did not show one of them yet (the new process's informers lag behind the API server too).
 */
export class RestartWatch {
  private readonly restartedAt = new Map<string, number>();
  /** Objects the old processes created after their restart, by owner: key → kind. */
  private readonly late = new Map<string, Map<string, 'Pod'>>();

  constructor(private readonly controllers: readonly string[]) {}

  /** Notes a restart of one of the controllers. */
  note(entry: LogEntry): void {
    const e = entry.event;
    if (e.type === 'ControllerRestart' && this.controllers.includes(e.controller)) this.restartedAt.set(e.controller, entry.seq);
  }

  /** Whether the entry is a write of a controller's process from before its last restart. */
  oldLife(entry: LogEntry): boolean {
    const at = this.restartedAt.get(entry.by);
    return at !== undefined && entry.cause !== undefined && entry.cause < at;
  }

  /** A pod of `owner` was created late by an old process. */
  noteLate(owner: string, podKey: string): void {
    let m = this.late.get(owner);
    if (m === undefined) {
      m = new Map();
      this.late.set(owner, m);
    }
    m.set(podKey, 'Pod');
  }

  /** A pod is gone: it no longer counts. */
  forget(owner: string, podKey: string): void {
    const m = this.late.get(owner);
    if (m?.delete(podKey) === true && m.size === 0) this.late.delete(owner);
  }

  /** Whether a decision made on `decidedOn` missed a pod of `owner` that an old process created late. */
  missedLate(owner: string, decidedOn: ClusterView | undefined): boolean {
    const m = this.late.get(owner);
    if (m === undefined || decidedOn === undefined) return false;
    for (const [key, kind] of m) if (decidedOn.getByKey(kind, key) === undefined) return true;
    return false;
  }
}
