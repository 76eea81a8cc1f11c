import {
  controllerOf,
  formatDuration,
  type Millis,
  objectKey,
  type Pod,
  parseDuration,
  parseSelector,
  SECOND,
  type SimEvent,
} from '@kubesim/core';
import { bool, flag, type ParsedArgs } from './args.js';
import type { KubectlContext } from './context.js';
import { DrainWait } from './drainWait.js';
import { failed, type KubectlOutcome, type KubectlWrite } from './outcome.js';

/**
 * `kubectl drain NODE` (cmd/drain and pkg/drain): cordon the node, sort its pods through the
 * drain filters, then evict the rest and wait until each is gone: `pod/x evicted` as each
 * goes, `node/x drained` when none is left. A filter that refuses a pod stops the drain with
 * kubectl's error block; the node stays cordoned.
 */
export const DRAIN_FLAGS = {
  values: ['grace-period', 'timeout', 'selector', 'pod-selector'],
  booleans: ['ignore-daemonsets', 'delete-emptydir-data', 'delete-local-data', 'force', 'disable-eviction'],
  short: { l: 'selector' },
} as const;

const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

/** pkg/drain's EvictionRetryDelay. */
const EVICTION_RETRY_DELAY: Millis = 5 * SECOND;

/** A filter's PodDeleteStatus: delete, skip, a warning with or without the delete, or an error. */
type Verdict =
  | { kind: 'delete' }
  | { kind: 'skip' }
  | { kind: 'warn'; group: string; delete: boolean }
  | { kind: 'fatal'; group: string };

interface DrainOptions {
  readonly ignoreDaemonSets: boolean;
  readonly deleteEmptyDir: boolean;
  readonly force: boolean;
}

type Filter = (pod: Pod, opts: DrainOptions, ctx: KubectlContext) => Verdict;

const OKAY: Verdict = { kind: 'delete' };
const terminal = (pod: Pod): boolean => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

const daemonSetFilter: Filter = (pod, opts, ctx) => {
  const ref = controllerOf(pod);
  if (ref?.kind !== 'DaemonSet' || ref.apiVersion !== 'apps/v1' || terminal(pod)) return OKAY;
  if (ctx.view.get('DaemonSet', pod.metadata.namespace, ref.name) === undefined) {
    const notFound = `daemonsets.apps ${JSON.stringify(ref.name)} not found`;
    return opts.force ? { kind: 'warn', group: notFound, delete: true } : { kind: 'fatal', group: `cannot delete ${notFound}` };
  }
  return opts.ignoreDaemonSets
    ? // MakePodDeleteStatusWithWarning(false, daemonSetWarning): left running, named in the warning.
      { kind: 'warn', group: 'ignoring DaemonSet-managed Pods', delete: false }
    : { kind: 'fatal', group: 'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)' };
};

const mirrorPodFilter: Filter = (pod) => (pod.metadata.annotations?.[MIRROR_ANNOTATION] !== undefined ? { kind: 'skip' } : OKAY);

const localStorageFilter: Filter = (pod, opts) => {
  if (!(pod.spec.volumes ?? []).some((v) => v.emptyDir !== undefined) || terminal(pod)) return OKAY;
  return opts.deleteEmptyDir
    ? { kind: 'warn', group: 'deleting Pods with local storage', delete: true }
    : { kind: 'fatal', group: 'cannot delete Pods with local storage (use --delete-emptydir-data to override)' };
};

const unreplicatedFilter: Filter = (pod, opts) => {
  if (terminal(pod) || controllerOf(pod) !== undefined) return OKAY;
  return opts.force
    ? { kind: 'warn', group: 'deleting Pods that declare no controller', delete: true }
    : { kind: 'fatal', group: 'cannot delete Pods that declare no controller (use --force to override)' };
};

/**
 * filterPods (pkg/drain): the filters of filters.go in their order (skipDeletedFilter never
 * skips: --skip-wait-for-delete-timeout is 0), each run while the pod is still to be deleted;
 * the last status run is the pod's — so a later filter's Okay replaces an earlier warning
 * (a controlled pod with an emptyDir is deleted without the local-storage warning).
 */
function verdict(pod: Pod, opts: DrainOptions, ctx: KubectlContext): Verdict {
  let status: Verdict = OKAY;
  for (const filter of [daemonSetFilter, mirrorPodFilter, localStorageFilter, unreplicatedFilter]) {
    status = filter(pod, opts, ctx);
    if (!(status.kind === 'delete' || (status.kind === 'warn' && status.delete))) break;
  }
  return status;
}

/** Warnings: `"<message>: ns/p1, ns/p2"` per group, groups joined by `; ` (podDeleteList.warnings). */
function grouped(groups: Map<string, string[]>): string {
  return [...groups].map(([msg, pods]) => `${msg}: ${pods.join(', ')}`).join('; ');
}

export function drain(args: ParsedArgs, ctx: KubectlContext): KubectlOutcome {
  // Nothing silent: what kubesim's drain does not act on is refused, not ignored.
  if (flag(args, 'selector') !== undefined) {
    return failed("kubesim's kubectl drain takes one NODE name; --selector (nodes by label) is not supported");
  }
  if (flag(args, 'grace-period') !== undefined && !bool(args, 'disable-eviction')) {
    return failed(
      "kubesim's kubectl drain applies --grace-period only with --disable-eviction (an eviction's grace period is not modelled)",
    );
  }
  let podSelector: ReturnType<typeof parseSelector> | undefined;
  const podSelectorText = flag(args, 'pod-selector');
  if (podSelectorText !== undefined) {
    try {
      podSelector = parseSelector(podSelectorText);
    } catch {
      // drain.go's Complete: the flag's own message, not the parser's.
      return failed('--pod-selector=<pod_selector> must be a valid label selector');
    }
  }
  const nodeName = args.positionals[0];
  // cmdutil.UsageErrorf(cmd, "USAGE: %s [flags]", cmd.Use).
  if (nodeName === undefined) {
    return { stdout: '', writes: [], error: "USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples" };
  }
  const node = ctx.view.get('Node', undefined, nodeName);
  if (node === undefined)
    return { stdout: '', writes: [], error: `Error from server (NotFound): nodes ${JSON.stringify(nodeName)} not found` };
  const opts: DrainOptions = {
    ignoreDaemonSets: bool(args, 'ignore-daemonsets'),
    deleteEmptyDir: bool(args, 'delete-emptydir-data') || bool(args, 'delete-local-data'),
    force: bool(args, 'force'),
  };
  const writes: KubectlWrite[] = [];
  let stdout = '';
  if (node.spec.unschedulable) stdout += `node/${nodeName} already cordoned\n`;
  else {
    writes.push({
      event: {
        type: 'Patch',
        ref: { kind: 'Node', name: nodeName },
        patchType: 'strategic',
        patch: { spec: { unschedulable: true } },
      },
      printed: `node/${nodeName} cordoned\n`,
    });
  }
  const wait = new DrainWait();
  const fatal = new Map<string, string[]>();
  const warnings = new Map<string, string[]>();
  const toEvict: Pod[] = [];
  for (const pod of ctx.view.podsOnNode(nodeName)) {
    // --pod-selector narrows the pods listed on the node (ListOptions.LabelSelector).
    if (podSelector !== undefined && !podSelector.matches(pod.metadata.labels ?? {})) continue;
    const v = verdict(pod, opts, ctx);
    const name = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (v.kind === 'fatal') fatal.set(v.group, [...(fatal.get(v.group) ?? []), name]);
    else if (v.kind === 'warn') warnings.set(v.group, [...(warnings.get(v.group) ?? []), name]);
    if (v.kind === 'delete' || (v.kind === 'warn' && v.delete)) toEvict.push(pod);
  }
  if (fatal.size > 0) {
    // One error per filter group, as an aggregate: `[a, b]` inline when there are several,
    // then one line each as the command's final error.
    const errors = [...fatal].map(([msg, pods]) => `${msg}: ${pods.join(', ')}`);
    const inline = errors.length === 1 ? (errors[0] as string) : `[${errors.join(', ')}]`;
    return {
      stdout,
      writes,
      stderr: `error: unable to drain node ${JSON.stringify(nodeName)} due to error: ${inline}, continuing command...\nThere are pending nodes to be drained:\n ${nodeName}\n`,
      error: errors.join('\n'),
      errorVerbatim: true,
    };
  }
  const stderr = warnings.size > 0 ? `Warning: ${grouped(warnings)}\n` : undefined;
  const disableEviction = bool(args, 'disable-eviction');
  const grace = flag(args, 'grace-period');
  for (const pod of toEvict) {
    const ref = { kind: 'Pod' as const, namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name ?? '' };
    const event: SimEvent = disableEviction
      ? {
          type: 'Delete',
          ref,
          uid: pod.metadata.uid ?? '',
          ...(grace !== undefined && Number(grace) >= 0 ? { gracePeriodSeconds: Number(grace) } : {}),
        }
      : { type: 'Evict', ref, uid: pod.metadata.uid ?? '' };
    writes.push(
      disableEviction
        ? { event, printed: '' }
        : {
            event,
            printed: `evicting pod ${ref.namespace}/${ref.name}\n`,
            // evictPods: a 429 (the pod's disruption budget) is retried after EvictionRetryDelay.
            retry: {
              on: 'TooManyRequests',
              after: EVICTION_RETRY_DELAY,
              line: (message) =>
                `error when evicting pods/${JSON.stringify(ref.name)} -n ${JSON.stringify(ref.namespace)} (will retry after ${formatDuration(EVICTION_RETRY_DELAY)}): ${message}\n`,
              // Any other error ends this pod's goroutine; drain waits for the others, then fails.
              failed: (message) =>
                wait.fail(
                  objectKey(ref.namespace, ref.name),
                  `error when evicting pods/${JSON.stringify(ref.name)} -n ${JSON.stringify(ref.namespace)}: ${message}`,
                ),
            },
          },
    );
  }
  const warned = stderr !== undefined ? { stderr } : {};
  if (toEvict.length === 0) return { stdout: `${stdout}node/${nodeName} drained\n`, writes, ...warned };
  let timeout: Millis | undefined;
  const timeoutText = flag(args, 'timeout');
  if (timeoutText !== undefined) {
    try {
      timeout = parseDuration(timeoutText);
    } catch (e) {
      return {
        stdout: '',
        writes: [],
        error: `invalid argument ${JSON.stringify(timeoutText)} for "--timeout" flag: ${(e as Error).message}`,
      };
    }
  }
  const pendingPods = (view: KubectlContext['view']): Pod[] =>
    view.podsOnNode(nodeName).filter((pod) => {
      if (podSelector !== undefined && !podSelector.matches(pod.metadata.labels ?? {})) return false;
      const v = verdict(pod, opts, { ...ctx, view });
      return v.kind === 'delete' || (v.kind === 'warn' && v.delete);
    });
  return {
    stdout,
    writes,
    ...warned,
    watch: wait.watcher(nodeName, toEvict, disableEviction ? 'deleted' : 'evicted', timeout, pendingPods),
  };
}
