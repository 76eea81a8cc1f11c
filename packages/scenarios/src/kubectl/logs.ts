import type { ClusterView, Container, ContainerStatus, Pod } from '@kubesim/core';
import { bool, type FlagSpec, flag, intFlag, type ParsedArgs } from './args.js';
import type { KubectlContext } from './context.js';
import { firstPod, selectorOf } from './logsFor.js';
import { failed, type KubectlOutcome } from './outcome.js';
import { groupResource, resolveKind } from './resources.js';

/**
 * `kubectl logs POD|TYPE/NAME [-c CONTAINER] [-p]`: what the container printed, as its image profile
 * says (`logs`). A run-to-completion process (one with `runFor`) prints at its exit, any
 * other at its start. A container not yet started gets the API server's BadRequest.
 */
export const LOGS_FLAGS: FlagSpec = {
  values: ['container', 'tail'],
  // --follow prints what there is at the step's time (the run goes on without the stream).
  booleans: ['previous', 'follow'],
  short: { c: 'container', p: 'previous', f: 'follow' },
};

/** --tail=N: the last N lines (-1, the default, all of them). */
function tail(text: string, n: number): string {
  if (n < 0 || text === '') return text;
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  return n === 0 ? '' : `${lines.slice(-n).join('\n')}\n`;
}

const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';

/** The text an instance of the container printed: finished, or (not run to completion) started. */
function printedBy(view: ClusterView, pod: Pod, c: Container, finished: boolean): string {
  const profile = view.imageProfile(c.image ?? '');
  const ix = pod.metadata.annotations?.[COMPLETION_INDEX];
  const override = ix === undefined ? undefined : profile.byIndex?.[ix];
  const text = override?.logs ?? profile.logs ?? '';
  const runsToExit = (override?.runFor ?? profile.runFor) !== undefined;
  if (text === '' || (runsToExit && !finished)) return '';
  return text.endsWith('\n') ? text : `${text}\n`;
}

function waitingError(pod: Pod, name: string, reason: string): string {
  return `Error from server (BadRequest): container ${JSON.stringify(name)} in pod ${JSON.stringify(pod.metadata.name)} is waiting to start: ${reason}`;
}

export function logs(args: ParsedArgs, ctx: KubectlContext): KubectlOutcome {
  const target = args.positionals[0];
  if (target === undefined) return failed('expected POD or TYPE/NAME is a required argument for the logs command');
  let stderr = '';
  let pod: Pod | undefined;
  const slash = target.indexOf('/');
  const kind = slash < 0 ? 'Pod' : resolveKind(target.slice(0, slash));
  const name0 = slash < 0 ? target : target.slice(slash + 1);
  if (kind === 'Pod') {
    pod = ctx.view.get('Pod', ctx.namespace, name0);
    if (pod === undefined) return failed(`Error from server (NotFound): pods ${JSON.stringify(name0)} not found`);
  } else {
    const obj = ctx.view.get(kind, ctx.namespace, name0);
    if (obj === undefined)
      return failed(`Error from server (NotFound): ${groupResource(kind)} ${JSON.stringify(name0)} not found`);
    const selector = selectorOf(obj);
    if (typeof selector === 'string') return failed(selector);
    const found = firstPod(ctx.view, ctx.namespace, selector);
    // GetFirstPod waits --pod-running-timeout (20s) for a pod; kubesim looks once.
    if (found.pod === undefined) return failed('timed out waiting for the condition');
    pod = found.pod;
    if (found.count > 1) stderr = `Found ${found.count} pods, using pod/${pod.metadata.name}\n`;
  }
  const containers = pod.spec.containers;
  let name = flag(args, 'container') ?? args.positionals[1];
  if (name === undefined) {
    name = (containers[0] as Container).name;
    // kubectl picks the first container (or the default-container annotation's) and says so.
    if (containers.length > 1)
      stderr += `Defaulted container ${JSON.stringify(name)} out of: ${containers.map((c) => c.name).join(', ')}\n`;
  }
  const container = containers.find((c) => c.name === name);
  if (container === undefined) {
    return failed(`error: container ${name} is not valid for pod ${pod.metadata.name}`);
  }
  const status: ContainerStatus | undefined = pod.status?.containerStatuses?.find((s) => s.name === name);
  const tailArg = intFlag(args, 'tail', -1);
  if (typeof tailArg === 'string') return failed(tailArg);
  const out = (text: string): KubectlOutcome => {
    const stdout = tail(text, tailArg);
    return stderr === '' ? { stdout, writes: [] } : { stdout, writes: [], stderr };
  };
  if (bool(args, 'previous')) {
    if (status?.lastState?.terminated === undefined) {
      return failed(
        `Error from server (BadRequest): previous terminated container ${JSON.stringify(name)} in pod ${JSON.stringify(pod.metadata.name)} not found`,
      );
    }
    return out(printedBy(ctx.view, pod, container, true));
  }
  // LogLocation has no node to ask for a pod not scheduled yet: empty output, no error.
  if (!pod.spec.nodeName) return out('');
  if (status === undefined) return failed(waitingError(pod, name, 'ContainerCreating'));
  if (status.state.running !== undefined) return out(printedBy(ctx.view, pod, container, false));
  if (status.state.terminated !== undefined) return out(printedBy(ctx.view, pod, container, true));
  // Waiting: the last instance's output, if there was one (CrashLoopBackOff); else not started.
  if (status.lastState?.terminated !== undefined) return out(printedBy(ctx.view, pod, container, true));
  return failed(waitingError(pod, name, status.state.waiting?.reason ?? 'ContainerCreating'));
}
