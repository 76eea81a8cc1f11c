import {
  formatQuantity,
  integerValue,
  type Millis,
  milliValue,
  type Node,
  type Pod,
  parseQuantity,
  type Quantity,
} from '@kubesim/core';
import { since } from './format.js';
import { addInto, podResources, type ResourceQuantities } from './podResources.js';
import { LEVEL_0, LEVEL_1, type PrefixWriter } from './writer.js';

/**
 * describeNodeResource: the node's non-terminated pods with what each requests and is limited
 * to, as a share of the node's allocatable, then the totals. Shares are truncated to whole
 * percent, as Go's int64(float) conversion does.
 */

const ZERO: Quantity = { nanos: 0n, format: 'DecimalSI' };

function percent(value: number, of: number): number {
  return of === 0 ? 0 : Math.trunc((value / of) * 100);
}

function cell(q: Quantity | undefined, of: number, measure: (q: Quantity) => number): string {
  const v = q ?? ZERO;
  return `${formatQuantity(v)} (${percent(measure(v), of)}%)`;
}

function allocatableOf(node: Node): Record<string, string> {
  const allocatable = node.status?.allocatable ?? {};
  return Object.keys(allocatable).length > 0 ? allocatable : (node.status?.capacity ?? {});
}

function quantity(list: Record<string, string>, name: string): Quantity {
  try {
    return list[name] === undefined ? ZERO : parseQuantity(list[name] as string);
  } catch {
    return ZERO;
  }
}

const HUGEPAGES = 'hugepages-';
const STANDARD = new Set(['cpu', 'memory', 'ephemeral-storage', 'pods']);

export function describeNodeResource(pods: readonly Pod[], node: Node, w: PrefixWriter, now: Millis): void {
  const allocatable = allocatableOf(node);
  const cpu = milliValue(quantity(allocatable, 'cpu'));
  const memory = integerValue(quantity(allocatable, 'memory'));
  const storage = integerValue(quantity(allocatable, 'ephemeral-storage'));
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(LEVEL_1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const reqs: ResourceQuantities = new Map();
  const limits: ResourceQuantities = new Map();
  for (const pod of pods) {
    const req = podResources(pod.spec, 'requests');
    const lim = podResources(pod.spec, 'limits');
    for (const [name, q] of req) addInto(reqs, name, q);
    for (const [name, q] of lim) addInto(limits, name, q);
    w.write(
      LEVEL_1,
      `${pod.metadata.namespace ?? ''}\t${pod.metadata.name ?? ''}\t\t${cell(req.get('cpu'), cpu, milliValue)}\t${cell(lim.get('cpu'), cpu, milliValue)}\t` +
        `${cell(req.get('memory'), memory, integerValue)}\t${cell(lim.get('memory'), memory, integerValue)}\t${since(pod.metadata.creationTimestamp, now)}\n`,
    );
  }
  w.write(LEVEL_0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  const row = (name: string, of: number, measure: (q: Quantity) => number): void =>
    w.write(LEVEL_1, `${name}\t${cell(reqs.get(name), of, measure)}\t${cell(limits.get(name), of, measure)}\n`);
  row('cpu', cpu, milliValue);
  row('memory', memory, integerValue);
  row('ephemeral-storage', storage, integerValue);
  const names = Object.keys(allocatable).sort();
  for (const name of names.filter((n) => n.startsWith(HUGEPAGES))) {
    row(name, integerValue(quantity(allocatable, name)), integerValue);
  }
  // Extended resources (GPUs, ...) have no share: just what is requested and the limit.
  for (const name of names.filter((n) => !n.startsWith(HUGEPAGES) && !STANDARD.has(n))) {
    w.write(LEVEL_1, `${name}\t${formatQuantity(reqs.get(name) ?? ZERO)}\t${formatQuantity(limits.get(name) ?? ZERO)}\n`);
  }
}
