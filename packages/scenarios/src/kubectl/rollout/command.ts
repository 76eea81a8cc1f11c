import { type Kind, type Millis, objectKey, parseDuration, qualifiedKind } from '@kubesim/core';
import { bool, flag, intFlag, type ParsedArgs } from '../args.js';
import type { KubectlContext } from '../context.js';
import { failed, forEach, type KubectlOutcome, type Watcher } from '../outcome.js';
import { groupResource, parseTargets, type Target } from '../resources.js';
import { daemonSetStatus } from './daemonset.js';
import { rolloutHistory, rolloutPause, rolloutResume, rolloutStatus, rolloutUndo } from './deployment.js';
import { rolloutRestart } from './restart.js';
import { revisionHistory, revisionUndo } from './revisions.js';
import { statefulSetHistory, statefulSetStatus, statefulSetUndo } from './statefulset.js';

/** `kubectl rollout SUBCOMMAND (TYPE NAME | TYPE/NAME)`. */

export const ROLLOUT_SUBCOMMANDS = ['history', 'pause', 'restart', 'resume', 'status', 'undo'] as const;

export const ROLLOUT_FLAGS = {
  values: ['to-revision', 'revision', 'timeout', 'selector'],
  booleans: ['watch'],
  short: { w: 'watch', l: 'selector' },
} as const;

/** A status viewer; `revision` (--revision) pins the rollout watched, where the kind's viewer uses it (Deployment). */
type Status = (
  view: KubectlContext['view'],
  name: string,
  namespace: string,
  revision?: number,
) => KubectlOutcome & { done: boolean };

const STATUS: Partial<Record<Kind, Status>> = {
  Deployment: rolloutStatus,
  StatefulSet: statefulSetStatus,
  DaemonSet: daemonSetStatus,
};

function unsupported(t: Target, what: string): KubectlOutcome {
  return failed(`${groupResource(t.kind)} ${JSON.stringify(t.name)} ${what} is not supported`);
}

export function rollout(args: ParsedArgs, ctx: KubectlContext): KubectlOutcome {
  const [sub, ...rest] = args.positionals;
  if (sub === undefined || !(ROLLOUT_SUBCOMMANDS as readonly string[]).includes(sub)) {
    return failed(
      `unknown command ${JSON.stringify(sub ?? '')} for "kubectl rollout"; supported: ${ROLLOUT_SUBCOMMANDS.join(', ')}`,
    );
  }
  const { targets } = parseTargets(rest);
  if (targets.length === 0) return failed('required resource not specified');
  const ns = ctx.namespace;
  switch (sub) {
    case 'status':
      return forEach(targets, (t) => status(t, args, ctx));
    case 'history': {
      const revision = intFlag(args, 'revision', 0);
      if (typeof revision === 'string') return failed(revision);
      if (revision < 0) return failed(`revision must be a positive integer: ${revision}`);
      return forEach(targets, (t) =>
        t.kind === 'Deployment'
          ? rolloutHistory(ctx.view, t.name, ns, revision)
          : t.kind === 'StatefulSet'
            ? statefulSetHistory(ctx.view, t.name, ns, revision)
            : t.kind === 'DaemonSet'
              ? revisionHistory(ctx.view, 'DaemonSet', t.name, ns, revision)
              : failed(`no history viewer has been implemented for ${JSON.stringify(qualifiedKind(t.kind))}`),
      );
    }
    case 'undo': {
      const toRevision = intFlag(args, 'to-revision', 0);
      if (typeof toRevision === 'string') return failed(toRevision);
      return forEach(targets, (t) =>
        t.kind === 'Deployment'
          ? rolloutUndo(ctx.view, t.name, ns, toRevision)
          : t.kind === 'StatefulSet'
            ? statefulSetUndo(ctx.view, t.name, ns, toRevision)
            : t.kind === 'DaemonSet'
              ? revisionUndo(ctx.view, 'DaemonSet', t.name, ns, toRevision)
              : failed(`no rollbacker has been implemented for ${JSON.stringify(qualifiedKind(t.kind))}`),
      );
    }
    case 'pause':
      return forEach(targets, (t) => (t.kind === 'Deployment' ? rolloutPause(ctx.view, t.name, ns) : unsupported(t, 'pausing')));
    case 'resume':
      return forEach(targets, (t) =>
        t.kind === 'Deployment' ? rolloutResume(ctx.view, t.name, ns) : unsupported(t, 'resuming'),
      );
    default:
      return forEach(targets, (t) =>
        t.kind === 'Deployment' || t.kind === 'StatefulSet' || t.kind === 'DaemonSet'
          ? rolloutRestart(ctx.view, t.name, ns, ctx.now, t.kind)
          : unsupported(t, 'restarting'),
      );
  }
}

/**
 * `rollout status` looks once, then (unless `--watch=false`) keeps printing the status line
 * on every change of the object until the rollout is done, fails, or `--timeout` passes.
 */
function status(t: Target, args: ParsedArgs, ctx: KubectlContext): KubectlOutcome {
  const viewer = STATUS[t.kind];
  if (viewer === undefined) return failed(`no status viewer has been implemented for ${qualifiedKind(t.kind)}`);
  const revision = intFlag(args, 'revision', 0);
  if (typeof revision === 'string') return failed(revision);
  if (revision < 0) return failed(`revision must be a positive integer: ${revision}`);
  const first = viewer(ctx.view, t.name, ctx.namespace, revision);
  const watch = flag(args, 'watch') === undefined || bool(args, 'watch');
  if (first.done || first.error !== undefined || !watch) return first;
  const timeoutText = flag(args, 'timeout');
  let timeout: Millis | undefined;
  if (timeoutText !== undefined && timeoutText !== '0' && timeoutText !== '0s') {
    try {
      timeout = parseDuration(timeoutText);
    } catch (e) {
      return failed(`invalid argument ${JSON.stringify(timeoutText)} for "--timeout" flag: ${(e as Error).message}`);
    }
  }
  const watcher: Watcher = {
    concerns: (kind, key) => kind === t.kind && key === objectKey(ctx.namespace, t.name),
    ...(timeout !== undefined ? { timeout } : {}),
    timeoutError: 'timed out waiting for the condition',
    next: (view) => {
      if (view.get(t.kind, ctx.namespace, t.name) === undefined) return { error: 'object has been deleted', done: true };
      const r = viewer(view, t.name, ctx.namespace, revision);
      return { output: r.stdout, ...(r.error !== undefined ? { error: r.error } : {}), done: r.done || r.error !== undefined };
    },
  };
  return { ...first, watch: watcher };
}
