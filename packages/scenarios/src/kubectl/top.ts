import {
  formatDuration,
  integerValue,
  isKubesimError,
  MINUTE,
  milliValue,
  type Node,
  type Pod,
  parseQuantity,
  parseSelector,
  type Selector,
} from '@kubesim/core';
import {
  type Available,
  type NodeMetricsRow,
  type PodMetricsRow,
  printNodeMetrics,
  printPodMetrics,
  type SortBy,
} from '../printers/top.js';
import { bool, type FlagSpec, flag, type ParsedArgs } from './args.js';
import type { KubectlContext } from './context.js';
import { failed, type KubectlOutcome, printed } from './outcome.js';

/**
 * `kubectl top pod|node` (pkg/cmd/top, v1.34) over what metrics-server serves (the world's
 * metrics): no metrics-server, `error: Metrics API not available`; pods as its API lists them
 * (the pods with metrics, in namespace and name order); nodes with the percentages of their
 * allocatable (`--show-capacity`: capacity), and `<unknown>` for a node without metrics.
 */
export const TOP_FLAGS: FlagSpec = {
  values: ['selector', 'sort-by'],
  booleans: ['containers', 'all-namespaces', 'no-headers', 'sum', 'show-capacity', 'use-protocol-buffers'],
  short: { l: 'selector', A: 'all-namespaces' },
};

const POD_FLAGS = new Set([
  'selector',
  'sort-by',
  'containers',
  'all-namespaces',
  'no-headers',
  'sum',
  'use-protocol-buffers',
  'namespace',
]);
const NODE_FLAGS = new Set(['selector', 'sort-by', 'no-headers', 'show-capacity', 'use-protocol-buffers', 'namespace']);

/** metricsCreationDelay: a pod older than this without metrics is an error, a younger one a wait. */
const METRICS_CREATION_DELAY = 2 * MINUTE;

function sortByOf(args: ParsedArgs): SortBy | { error: string } {
  const s = flag(args, 'sort-by') ?? '';
  if (s !== '' && s !== 'cpu' && s !== 'memory') return { error: '--sort-by accepts only cpu or memory' };
  return s;
}

function selectorOf(args: ParsedArgs): Selector | undefined {
  const text = flag(args, 'selector');
  return text === undefined || text === '' ? undefined : parseSelector(text);
}

export function top(args: ParsedArgs, ctx: KubectlContext): KubectlOutcome {
  const [what, ...rest] = args.positionals;
  const sub =
    what === 'pod' || what === 'pods' || what === 'po'
      ? 'pod'
      : what === 'node' || what === 'nodes' || what === 'no'
        ? 'node'
        : undefined;
  if (sub === undefined) {
    // DefaultSubCommandRun prints the help; kubesim names what it runs instead.
    return failed(`kubesim's kubectl top supports "pod" and "node", not ${JSON.stringify(what ?? '')}`);
  }
  const allowed = sub === 'pod' ? POD_FLAGS : NODE_FLAGS;
  for (const name of args.flags.keys()) if (!allowed.has(name)) return failed(`unknown flag: --${name}`);
  if (rest.length > 1) return failed(sub === 'pod' ? 'Usage: pod [NAME | -l label]' : 'Usage: node [NAME | -l label]');
  try {
    return sub === 'pod' ? topPod(args, ctx, rest[0]) : topNode(args, ctx, rest[0]);
  } catch (e) {
    if (isKubesimError(e)) return failed(e.message);
    throw e;
  }
}

function podKey(p: Pod): string {
  return `${p.metadata.namespace ?? 'default'}/${p.metadata.name}`;
}

/** metrics-server's pod storage GetMetrics: a pod with a PodMetrics entry. */
function metricsOf(ctx: KubectlContext, pod: Pod): PodMetricsRow | undefined {
  const m = ctx.view.podMetrics(podKey(pod));
  if (m === undefined) return undefined;
  return { namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name ?? '', containers: m.containers };
}

function topPod(args: ParsedArgs, ctx: KubectlContext, name: string | undefined): KubectlOutcome {
  const sortBy = sortByOf(args);
  if (typeof sortBy === 'object') return failed(sortBy.error);
  if (name !== undefined && flag(args, 'selector') !== undefined) return failed('only one of NAME or selector can be provided');
  const selector = selectorOf(args);
  if (!ctx.view.metricsServerUp()) return failed('Metrics API not available');
  const all = bool(args, 'all-namespaces');
  let rows: PodMetricsRow[];
  if (name !== undefined) {
    const pod = ctx.view.get('Pod', ctx.namespace, name);
    // metrics-server's Get: its pod metadata lister's NotFound, or its own for a pod with no metrics.
    if (pod === undefined) return failed(`Error from server (NotFound): pods ${JSON.stringify(name)} not found`);
    const row = metricsOf(ctx, pod);
    if (row === undefined) {
      return failed(
        `Error from server (NotFound): podmetrics.metrics.k8s.io ${JSON.stringify(`${ctx.namespace}/${name}`)} not found`,
      );
    }
    rows = [row];
  } else {
    rows = [];
    ctx.view.forEach('Pod', all ? undefined : ctx.namespace, (pod) => {
      if (selector !== undefined && !selector.matches(pod.metadata.labels)) return true;
      const row = metricsOf(ctx, pod);
      if (row !== undefined) rows.push(row);
      return true;
    });
  }
  let stderr = '';
  if (rows.length === 0) {
    // verifyEmptyMetrics: it lists the pods of the context's namespace, even with -A.
    const pods = ctx.view.list('Pod', ctx.namespace).filter((p) => selector === undefined || selector.matches(p.metadata.labels));
    if (pods.length > 0) {
      for (const p of pods) {
        const age = ctx.now - (p.metadata.creationTimestamp ?? 0);
        if (age > METRICS_CREATION_DELAY) {
          return failed(`Metrics not available for pod ${podKey(p)}, age: ${formatDuration(age)}`);
        }
      }
      return failed('metrics not available yet');
    }
    stderr = all ? 'No resources found\n' : `No resources found in ${ctx.namespace} namespace.\n`;
  }
  const stdout = printPodMetrics(rows, {
    containers: bool(args, 'containers'),
    withNamespace: all,
    noHeaders: bool(args, 'no-headers'),
    sortBy,
    sum: bool(args, 'sum'),
  });
  return stderr === '' ? printed(stdout) : { ...printed(stdout), stderr };
}

function availableOf(node: Node, capacity: boolean): Available {
  const list = (capacity ? node.status?.capacity : node.status?.allocatable) ?? {};
  return {
    cpu: list.cpu === undefined ? 0 : milliValue(parseQuantity(list.cpu)),
    memory: list.memory === undefined ? 0 : integerValue(parseQuantity(list.memory)),
  };
}

function topNode(args: ParsedArgs, ctx: KubectlContext, name: string | undefined): KubectlOutcome {
  const sortBy = sortByOf(args);
  if (typeof sortBy === 'object') return failed(sortBy.error);
  if (name !== undefined && flag(args, 'selector') !== undefined) return failed('only one of NAME or --selector can be provided');
  const selector = selectorOf(args);
  if (!ctx.view.metricsServerUp()) return failed('Metrics API not available');
  const rowOf = (n: Node): NodeMetricsRow | undefined => {
    const m = ctx.view.nodeMetrics(n.metadata.name ?? '');
    return m === undefined ? undefined : { name: n.metadata.name ?? '', cpu: m.cpu, memory: m.memory };
  };
  let nodes: Node[];
  const rows: NodeMetricsRow[] = [];
  if (name !== undefined) {
    const node = ctx.view.get('Node', undefined, name);
    // metrics-server's Get: its node lister's NotFound, or its own for a node with no metrics.
    if (node === undefined) return failed(`Error from server (NotFound): node ${JSON.stringify(name)} not found`);
    const row = rowOf(node);
    if (row === undefined) {
      return failed(`Error from server (NotFound): nodemetrics.metrics.k8s.io ${JSON.stringify(name)} not found`);
    }
    nodes = [node];
    rows.push(row);
  } else {
    nodes = ctx.view.nodes().filter((n) => selector === undefined || selector.matches(n.metadata.labels));
    for (const n of nodes) {
      const row = rowOf(n);
      if (row !== undefined) rows.push(row);
    }
  }
  if (rows.length === 0) return failed('metrics not available yet');
  const capacity = bool(args, 'show-capacity');
  const available = new Map(nodes.map((n) => [n.metadata.name ?? '', availableOf(n, capacity)] as const));
  return printed(printNodeMetrics(rows, available, bool(args, 'no-headers'), sortBy));
}
