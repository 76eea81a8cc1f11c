import type { ClusterView, Container, ContainerStatus, Pod } from '@kubesim/core';
import { bool, type FlagSpec, flag, intFlag, type ParsedArgs } from './args.js';
import type { KubectlContext } from './context.js';
import { failed, type KubectlOutcome } from './outcome.js';

/**
 * `kubectl logs POD [-c CONTAINER] [-p]`: what the container printed, as its image profile
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
  let target = args.positionals[0];
  if (target === undefined) return failed('expected POD or TYPE/NAME is a required argument for the logs command');
  if (target.startsWith('pod/') || target.startsWith('pods/')) target = target.slice(target.indexOf('/') + 1);
  else if (target.includes('/')) return failed(`kubesim's kubectl logs takes a pod name, not ${JSON.stringify(target)}`);
  const pod = ctx.view.get('Pod', ctx.namespace, target);
  if (pod === undefined) return failed(`Error from server (NotFound): pods ${JSON.stringify(target)} not found`);
  const containers = pod.spec.containers;
  let name = flag(args, 'container') ?? args.positionals[1];
  let stderr = '';
  if (name === undefined) {
    name = (containers[0] as Container).name;
    // kubectl picks the first container (or the default-container annotation's) and says so.
    if (containers.length > 1)
      stderr = `Defaulted container ${JSON.stringify(name)} out of: ${containers.map((c) => c.name).join(', ')}\n`;
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
  if (status === undefined) return failed(waitingError(pod, name, 'ContainerCreating'));
  if (status.state.running !== undefined) return out(printedBy(ctx.view, pod, container, false));
  if (status.state.terminated !== undefined) return out(printedBy(ctx.view, pod, container, true));
  // Waiting: the last instance's output, if there was one (CrashLoopBackOff); else not started.
  if (status.lastState?.terminated !== undefined) return out(printedBy(ctx.view, pod, container, true));
  return failed(waitingError(pod, name, status.state.waiting?.reason ?? 'ContainerCreating'));
}
