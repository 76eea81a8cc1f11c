import type { Draft } from 'immer';
import { base64EncodeString } from './base64.js';
import type { Secret } from './types.js';

/**
 * A Secret as the API server stores it: SetDefaults_Secret's type `Opaque`, and `stringData`
 * merged into `data` (Convert_v1_Secret_To_core_Secret: stringData wins over data) and then
 * gone, since the internal type has no such field. Keys come out sorted, as Go writes maps.
 */
export function defaultSecret(d: Draft<Secret>): void {
  if (d.type === undefined || d.type === '') d.type = 'Opaque';
  if (d.stringData === undefined) return;
  const entries = Object.entries(d.stringData);
  if (entries.length > 0) {
    const data: Record<string, string> = { ...(d.data ?? {}) };
    for (const [k, v] of entries) data[k] = base64EncodeString(v);
    const sorted: Record<string, string> = {};
    for (const k of Object.keys(data).sort()) sorted[k] = data[k] as string;
    d.data = sorted;
  }
  delete d.stringData;
}
