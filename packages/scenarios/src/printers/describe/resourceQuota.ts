import { type ClusterView, formatQuantity, type Millis, parseQuantity, type ResourceQuota } from '@kubesim/core';
import { LEVEL_0, LEVEL_1, type PrefixWriter, tabbedString } from './writer.js';

/**
 * describe.go's describeQuota and DescribeResourceQuotas (the namespace's quotas): the scopes
 * with their help text, then each of status.hard's resources with its usage, by sorted name.
 */

/** helpTextForResourceQuotaScope. */
function helpText(scope: string): string {
  switch (scope) {
    case 'Terminating':
      return 'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.';
    case 'NotTerminating':
      return 'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.';
    case 'BestEffort':
      return 'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.';
    case 'NotBestEffort':
      return 'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.';
    default:
      return '';
  }
}

function writeScopes(q: ResourceQuota, level: number, bullet: string, w: PrefixWriter): void {
  const scopes = [...(q.spec?.scopes ?? [])].sort();
  if (scopes.length === 0) return;
  w.write(level, `Scopes:\t${scopes.join(', ')}\n`);
  for (const s of scopes) {
    const text = helpText(s);
    if (text.length > 0) w.write(level, `${bullet}${text}\n`);
  }
}

/**
 * The used figure in the hard figure's format when they differ, as describeQuota converts it
 * (resource.NewQuantity(used.Value(), hard.Format): whole units, rounded up).
 */
function usedLike(used: string | undefined, hard: string): string {
  const u = parseQuantity(used ?? '0');
  const h = parseQuantity(hard);
  if (u.format === h.format) return formatQuantity(u);
  const units = (u.nanos + 999_999_999n) / 1_000_000_000n;
  return formatQuantity({ nanos: units * 1_000_000_000n, format: h.format });
}

export function describeResourceQuota(_view: ClusterView, q: ResourceQuota, _now: Millis): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${q.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${q.metadata.namespace ?? ''}\n`);
    writeScopes(q, LEVEL_0, ' * ', w);
    w.write(LEVEL_0, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_0, '--------\t----\t----\n');
    const hard = q.status?.hard ?? {};
    for (const r of Object.keys(hard).sort()) {
      w.write(LEVEL_0, `${r}\t${usedLike(q.status?.used?.[r], hard[r] as string)}\t${hard[r]}\n`);
    }
  });
}

/** DescribeResourceQuotas: what `describe namespace` prints of the namespace's quotas. */
export function describeResourceQuotas(quotas: readonly ResourceQuota[], w: PrefixWriter): void {
  if (quotas.length === 0) {
    w.write(LEVEL_0, 'No resource quota.\n');
    return;
  }
  w.write(LEVEL_0, 'Resource Quotas\n');
  for (const q of quotas) {
    w.write(LEVEL_1, `Name:\t${q.metadata.name ?? ''}\n`);
    writeScopes(q, LEVEL_1, '* ', w);
    w.write(LEVEL_1, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_1, '--------\t---\t---\n');
    const hard = q.status?.hard ?? {};
    for (const r of Object.keys(hard).sort()) w.write(LEVEL_1, `${r}\t${q.status?.used?.[r] ?? '0'}\t${hard[r]}\n`);
  }
}
