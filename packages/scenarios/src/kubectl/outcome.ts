import type { ClusterView, Kind, Millis, SimEvent, WriteError } from '@kubesim/core';

/** One API write a kubectl command sends, and the line it prints once the server accepts it. */
export interface KubectlWrite {
  readonly event: SimEvent;
  readonly printed: string;
  /**
   * The manifest file a create came from: a server error is reported against it, as
   * cmdutil.AddSourceToErr does (`error when creating "web.yaml": ...`).
   */
  readonly createdFrom?: string;
  /**
   * The command wraps a server error in its own (`fmt.Errorf("failed to create quota: %v", err)`):
   * printed as `error: failed to create quota: <the server's message>`.
   */
  readonly wrapError?: string;
  /**
   * The client tries again, `after` later, while the server answers `on` (kubectl drain's
   * eviction refused with a 429): `printed` is printed before each attempt (drain prints
   * `evicting pod` before each call), `line(message)` on stderr after each refusal. The tries
   * go on while the command's watch waits; a NotFound ends them quietly (the pod is gone).
   */
  readonly retry?: {
    readonly on: WriteError['reason'];
    readonly after: Millis;
    /** What the command prints for a refusal it retries (drain's `error when evicting ... (will retry after 5s)`). */
    readonly line: (message: string) => string;
    /**
     * Any other refusal: the command records it and goes on waiting for the rest (drain's
     * evictPods collects each pod's error); its watch is asked at once what to print.
     */
    readonly failed?: (message: string) => void;
  };
}

/**
 * What a kubectl command does: what it prints first (stdout, and warnings on stderr), the
 * API writes it sends, and the client-side error it exits 1 with (printed as `error: <text>`,
 * or as the API server's error). The writes are sent in order at the step's time; each prints
 * its line when accepted, and the server's errors are printed after them, as kubectl's
 * aggregate does. A watching command (`rollout status`) also says what to print as the state
 * moves on.
 */
export interface KubectlOutcome {
  readonly stdout: string;
  readonly stderr?: string;
  readonly error?: string;
  /** The error is printed as it is, without kubectl's `error: ` prefix (a nested aggregate). */
  readonly errorVerbatim?: boolean;
  readonly writes: readonly KubectlWrite[];
  readonly watch?: Watcher;
}

/**
 * A command that keeps watching (`rollout status`, `drain` waiting for its pods to go): after
 * every event that changes an object it is concerned with, `next` says what to print and
 * whether the command has finished.
 */
export interface Watcher {
  /** Whether a change to this object can change what the command prints. */
  concerns(kind: Kind, key: string): boolean;
  /** How long the command waits before giving up (`--timeout`); forever when absent. */
  readonly timeout?: Millis;
  /** The error when the timeout passes. */
  readonly timeoutError: string;
  /**
   * What the command prints on stderr when the timeout passes, as it is (no `error: `
   * prefix added), when that is more than the error line: drain's pending pods and nodes.
   */
  timeoutStderr?(view: ClusterView): string;
  /** What the command prints after a change it is concerned with. */
  next(view: ClusterView): WatchStep;
}

/** What a watching command (`get -w`, `rollout status`) prints at one change, and whether it is done. */
export interface WatchStep {
  readonly output?: string;
  readonly error?: string;
  /** The error is printed as it is, without kubectl's `error: ` prefix. */
  readonly errorVerbatim?: boolean;
  readonly done: boolean;
}

/** A command that printed this and wrote nothing. */
export function printed(stdout: string): KubectlOutcome {
  return { stdout, writes: [] };
}

/** A command that sends one write and prints `line` when the server accepts it. */
export function wrote(line: string, event: SimEvent, wrapError?: string): KubectlOutcome {
  return { stdout: '', writes: [{ event, printed: line, ...(wrapError !== undefined ? { wrapError } : {}) }] };
}

/** A command that printed nothing and failed with this error (exit code 1). */
export function failed(error: string): KubectlOutcome {
  return { stdout: '', error, writes: [] };
}

/**
 * Runs one command per target and joins what they print and write; the first client-side
 * error stops it, as kubectl's visitors do.
 */
export function forEach<T>(targets: readonly T[], one: (t: T) => KubectlOutcome): KubectlOutcome {
  let stdout = '';
  let stderr = '';
  const writes: KubectlWrite[] = [];
  let watch: Watcher | undefined;
  for (const t of targets) {
    const r = one(t);
    stdout += r.stdout;
    stderr += r.stderr ?? '';
    writes.push(...r.writes);
    // kubesim follows one watch per command (kubectl would wait on each target in turn).
    watch ??= r.watch;
    if (r.error !== undefined) return { stdout, ...(stderr ? { stderr } : {}), error: r.error, writes };
  }
  return { stdout, ...(stderr ? { stderr } : {}), writes, ...(watch !== undefined ? { watch } : {}) };
}

/** How kubectl prints an error: `error: ...`, unless it already is an API server message. */
export function errorLine(error: string): string {
  if (/^(Error from server|The \S+ ".*" is invalid|error: )/.test(error)) return error;
  return `error: ${error}`;
}
