import type { ContainerMetrics } from '@kubesim/core';
import { GET_TABWRITER, tabwrite } from './tabwriter.js';

/**
 * kubectl's metricsutil.TopCmdPrinter (pkg/metricsutil/metrics_printer.go, v1.34): `kubectl top`
 * tables. CPU as `<MilliValue>m`, memory as `<Value / 2^20>Mi` (whole MiB, rounded down), a
 * node's percentages of its allocatable (or capacity) truncated; every cell ends in a tab, so the
 * last column is padded too, as Go's tabwriter pads it.
 */

export interface PodMetricsRow {
  readonly namespace: string;
  readonly name: string;
  readonly containers: readonly ContainerMetrics[];
}

export interface NodeMetricsRow {
  readonly name: string;
  readonly cpu: number;
  readonly memory: number;
}

/** A node's allocatable (or capacity): cpu in millicores, memory in bytes. */
export interface Available {
  readonly cpu: number;
  readonly memory: number;
}

export type SortBy = '' | 'cpu' | 'memory';

const MIB = 1024 * 1024;
const cpuText = (milli: number): string => `${milli}m`;
const memoryText = (bytes: number): string => `${Math.floor(bytes / MIB)}Mi`;

function podUsage(containers: readonly ContainerMetrics[]): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const c of containers) {
    cpu += c.cpu;
    memory += c.memory;
  }
  return { cpu, memory };
}

/** The metrics sorters: larger first by cpu or memory, else by name. Stable over name order (Go's sort.Sort is not). */
function byUsage<T>(items: readonly T[], sortBy: SortBy, usage: (t: T) => { cpu: number; memory: number }): T[] {
  if (sortBy === '') return [...items];
  return [...items].sort((a, b) => (sortBy === 'cpu' ? usage(b).cpu - usage(a).cpu : usage(b).memory - usage(a).memory));
}

export interface PodPrintOptions {
  readonly containers: boolean;
  readonly withNamespace: boolean;
  readonly noHeaders: boolean;
  readonly sortBy: SortBy;
  readonly sum: boolean;
}

/** TopCmdPrinter.PrintPodMetrics. */
export function printPodMetrics(metrics: readonly PodMetricsRow[], o: PodPrintOptions): string {
  if (metrics.length === 0) return '';
  let out = '';
  let columnWidth = 3;
  if (!o.noHeaders) {
    if (o.withNamespace) {
      out += 'NAMESPACE\t';
      columnWidth++;
    }
    if (o.containers) {
      out += 'POD\t';
      columnWidth++;
    }
    out += 'NAME\tCPU(cores)\tMEMORY(bytes)\t\n';
  }
  const named = [...metrics].sort((a, b) =>
    o.withNamespace && a.namespace !== b.namespace
      ? a.namespace < b.namespace
        ? -1
        : 1
      : a.name < b.name
        ? -1
        : a.name > b.name
          ? 1
          : 0,
  );
  for (const m of byUsage(named, o.sortBy, (p) => podUsage(p.containers))) {
    const ns = o.withNamespace ? `${m.namespace}\t` : '';
    if (o.containers) {
      const containers = byUsage(
        [...m.containers].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
        o.sortBy,
        (c) => c,
      );
      for (const c of containers) out += `${ns}${m.name}\t${c.name}\t${cpuText(c.cpu)}\t${memoryText(c.memory)}\t\n`;
    } else {
      const u = podUsage(m.containers);
      out += `${ns}${m.name}\t${cpuText(u.cpu)}\t${memoryText(u.memory)}\t\n`;
    }
  }
  if (o.sum) {
    const total = podUsage(metrics.flatMap((m) => m.containers));
    out += `${'\t'.repeat(columnWidth - 2)}________\t________\t\n`;
    out += `${'\t'.repeat(columnWidth - 3)}\t${cpuText(total.cpu)}\t${memoryText(total.memory)}\t\n`;
  }
  return tabwrite(out, GET_TABWRITER);
}

/** TopCmdPrinter.PrintNodeMetrics: the nodes with metrics, then `<unknown>` lines for the nodes without. */
export function printNodeMetrics(
  metrics: readonly NodeMetricsRow[],
  available: ReadonlyMap<string, Available>,
  noHeaders: boolean,
  sortBy: SortBy,
): string {
  if (metrics.length === 0) return '';
  let out = noHeaders ? '' : 'NAME\tCPU(cores)\tCPU(%)\tMEMORY(bytes)\tMEMORY(%)\t\n';
  const missing = new Map(available);
  const named = [...metrics].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const m of byUsage(named, sortBy, (n) => n)) {
    const a = available.get(m.name);
    // A node the list did not return (another label) has no Available: no percentage cells.
    const pct = (used: number, of: number | undefined): string =>
      of === undefined ? '' : `${Math.trunc(of === 0 ? 0 : (used / of) * 100)}%\t`;
    out += `${m.name}\t${cpuText(m.cpu)}\t${pct(m.cpu, a?.cpu)}${memoryText(m.memory)}\t${pct(m.memory * 1000, a === undefined ? undefined : a.memory * 1000)}\n`;
    missing.delete(m.name);
  }
  // Go ranges over a map here (no order); kubesim prints them in name order.
  for (const name of [...missing.keys()].sort()) out += `${name}\t<unknown>\t<unknown>\t<unknown>\t<unknown>\t\n`;
  return tabwrite(out, GET_TABWRITER);
}
