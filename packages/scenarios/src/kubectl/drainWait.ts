import { formatDuration, type Millis, objectKey, type Pod, splitKey } from '@kubesim/core';
import type { KubectlContext } from './context.js';
import type { Watcher } from './outcome.js';

/**
 * What drain prints when its evictions fail (an eviction error, or --timeout):
 * deleteOrEvictPodsSimple lists the pods GetPodsForDeletion still finds on the node, RunDrain
 * the node it could not drain, and CheckErr the error itself.
 */
export function drainFailed(nodeName: string, err: string, pending: readonly Pod[]): string {
  let out = '';
  if (pending.length > 0) {
    out += `There are pending pods in node ${JSON.stringify(nodeName)} when an error occurred: ${err}\n`;
    for (const pod of pending) out += `pod/${pod.metadata.name}\n`;
  }
  out += `error: unable to drain node ${JSON.stringify(nodeName)} due to error: ${err}, continuing command...\n`;
  out += `There are pending nodes to be drained:\n ${nodeName}\n`;
  return `${out}error: ${err}`;
}

/** utilerrors.NewAggregate(errs).Error(): one error as it is, several as `[a, b]`. */
function aggregate(errs: readonly string[]): string {
  return errs.length === 1 ? (errs[0] as string) : `[${errs.join(', ')}]`;
}

/**
 * evictPods' wait: one goroutine per pod, each done when its pod is gone (or replaced by a new
 * incarnation of its name) or when its eviction failed; once all are done, `node/x drained`,
 * or, if any failed, their errors.
 */
export class DrainWait {
  private readonly failed = new Map<string, string>();

  /** A pod's eviction failed with an error drain does not retry. */
  fail(key: string, error: string): void {
    this.failed.set(key, error);
  }

  watcher(
    nodeName: string,
    pods: readonly Pod[],
    verb: string,
    timeout: Millis | undefined,
    pendingPods: (view: KubectlContext['view']) => Pod[],
  ): Watcher {
    const pending = new Map(pods.map((p) => [objectKey(p.metadata.namespace, p.metadata.name ?? ''), p.metadata.uid]));
    const timeoutError = `drain did not complete within ${formatDuration(timeout ?? 0)}`;
    const errors: string[] = [];
    return {
      concerns: (kind, key) => kind === 'Pod' && pending.has(key),
      ...(timeout !== undefined && timeout > 0 ? { timeout } : {}),
      timeoutError,
      timeoutStderr: (view) => drainFailed(nodeName, timeoutError, pendingPods(view)),
      next: (view) => {
        let output = '';
        for (const [key, uid] of [...pending]) {
          const err = this.failed.get(key);
          if (err !== undefined) {
            pending.delete(key);
            errors.push(err);
            continue;
          }
          const { namespace, name } = splitKey(key);
          if (view.get('Pod', namespace, name)?.metadata.uid === uid) continue;
          pending.delete(key);
          output += `pod/${name} ${verb}\n`;
        }
        if (pending.size > 0) return { output, done: false };
        if (errors.length === 0) return { output: `${output}node/${nodeName} drained\n`, done: true };
        return { output, error: drainFailed(nodeName, aggregate(errors), pendingPods(view)), errorVerbatim: true, done: true };
      },
    };
  }
}
