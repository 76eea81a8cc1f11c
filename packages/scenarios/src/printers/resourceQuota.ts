import { humanDuration, type Millis, type ResourceQuota } from '@kubesim/core';
import type { Printer } from './get.js';

/**
 * printResourceQuota (pkg/printers/internalversion/printers.go): NAME, AGE, then each of
 * status.hard's resources as `name: used/hard` by sorted name, `limits.*` under LIMIT and
 * everything else under REQUEST. A quota the controller has not synced yet shows none.
 */
function quotaColumns(q: ResourceQuota): { request: string; limit: string } {
  const hard = q.status?.hard ?? {};
  const used = q.status?.used ?? {};
  const request: string[] = [];
  const limit: string[] = [];
  for (const r of Object.keys(hard).sort()) {
    const pieces = r.split('.');
    const cell = `${r}: ${used[r] ?? '0'}/${hard[r]}`;
    (pieces.length > 1 && pieces[0] === 'limits' ? limit : request).push(cell);
  }
  return { request: request.join(', '), limit: limit.join(', ') };
}

export const RESOURCE_QUOTA_PRINTERS: { readonly ResourceQuota: Printer<'ResourceQuota'> } = {
  ResourceQuota: {
    columns: ['NAME', 'AGE', 'REQUEST', 'LIMIT'],
    wide: [],
    row: (q, now: Millis) => {
      const { request, limit } = quotaColumns(q);
      const t = q.metadata.creationTimestamp;
      return { cells: [q.metadata.name ?? '', t === undefined ? '<unknown>' : humanDuration(now - t), request, limit], wide: [] };
    },
  },
};
