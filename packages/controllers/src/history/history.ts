import { type ControllerRevision, canonicalJson, type KubeObject, safeEncodeString } from '@kubesim/core';
import { newControllerRef } from '../controllerutils/controllerRef.js';

/**
 * pkg/controller/history: ControllerRevisions, the snapshots a StatefulSet (or DaemonSet)
 * keeps of its template. Upstream hashes the revision's raw JSON bytes; kubesim hashes the
 * canonical JSON of the data (sorted keys, as Go's json.Marshal of a map writes them), so
 * equal templates give equal names, but a name need not match a real cluster's byte for byte.
 */

/** ControllerRevisionHashLabel: the hash part of the revision's name. */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const encoder = new TextEncoder();

/** Go's fnv.New32 (FNV-1, multiply then xor: not FNV-1a), which HashControllerRevision uses. */
export function fnv32(text: string): number {
  let h = FNV_OFFSET;
  for (const b of encoder.encode(text)) h = Math.imul(h, FNV_PRIME) ^ b;
  return h >>> 0;
}

const rawCache = new WeakMap<object, string>();

/** The revision's data as the bytes EqualRevision compares (Data.Raw). */
export function revisionRaw(revision: ControllerRevision): string {
  const data = revision.data;
  if (data === null || typeof data !== 'object') return canonicalJson(data ?? null);
  let raw = rawCache.get(data);
  if (raw === undefined) {
    raw = canonicalJson(data);
    rawCache.set(data, raw);
  }
  return raw;
}

/** ControllerRevisionName: `<prefix>-<hash>`, the prefix cut to 223 characters. */
export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;
}

/**
 * HashControllerRevision: FNV-1 over the data, then the probe (the collision count) written
 * as its decimal digits, rendered through SafeEncodeString.
 */
const hashes = new WeakMap<object, Map<number | undefined, string>>();

/** history.HashControllerRevision: the revision's data (and a collision probe) hashed with FNV-32a, as safe characters. */
export function hashControllerRevision(revision: ControllerRevision, probe?: number): string {
  const data = revision.data;
  const cache = data !== null && typeof data === 'object' ? hashes.get(data) : undefined;
  const known = cache?.get(probe);
  if (known !== undefined) return known;
  const text = probe === undefined ? revisionRaw(revision) : `${revisionRaw(revision)}${probe}`;
  const hash = safeEncodeString(String(fnv32(text)));
  if (data !== null && typeof data === 'object') {
    if (cache === undefined) hashes.set(data, new Map([[probe, hash]]));
    else cache.set(probe, hash);
  }
  return hash;
}

/**
 * NewControllerRevision: owned by the parent (a controller reference), labelled with the
 * template's labels and the hash, named after the parent and the hash.
 */
export function newControllerRevision(
  parent: KubeObject,
  templateLabels: Readonly<Record<string, string>> | undefined,
  data: unknown,
  revision: number,
  collisionCount?: number,
): ControllerRevision {
  const cr: ControllerRevision = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      namespace: parent.metadata.namespace as string,
      labels: { ...(templateLabels ?? {}) },
      ownerReferences: [newControllerRef(parent)],
    },
    data,
    revision,
  };
  const hash = hashControllerRevision(cr, collisionCount);
  return {
    ...cr,
    metadata: {
      ...cr.metadata,
      name: controllerRevisionName(parent.metadata.name ?? '', hash),
      labels: { ...cr.metadata.labels, [CONTROLLER_REVISION_HASH_LABEL]: hash },
    },
  };
}

/** byRevision.Less: by revision, then creation time, then name. */
function byRevision(a: ControllerRevision, b: ControllerRevision): number {
  if (a.revision !== b.revision) return a.revision - b.revision;
  const ta = a.metadata.creationTimestamp ?? 0;
  const tb = b.metadata.creationTimestamp ?? 0;
  if (ta !== tb) return ta - tb;
  const na = a.metadata.name ?? '';
  const nb = b.metadata.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** SortControllerRevisions (a stable sort), returning a sorted copy. */
export function sortControllerRevisions(revisions: readonly ControllerRevision[]): ControllerRevision[] {
  return [...revisions].sort(byRevision);
}

/** strconv.ParseInt(s, 10, 32): the hash label only compares when it is a decimal int32. */
function parseInt32(s: string | undefined): number | undefined {
  if (s === undefined || !/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  return n >= -2147483648 && n <= 2147483647 ? n : undefined;
}

/**
 * EqualRevision: both absent, or the same data. A hash label that parses as an int32 on
 * both sides short-cuts a mismatch (a safe-encoded hash seldom does: upstream's quirk).
 */
export function equalRevision(lhs: ControllerRevision | undefined, rhs: ControllerRevision | undefined): boolean {
  if (lhs === undefined || rhs === undefined) return lhs === rhs;
  const l = parseInt32(lhs.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL]);
  const r = parseInt32(rhs.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL]);
  if (l !== undefined && r !== undefined && l !== r) return false;
  return revisionRaw(lhs) === revisionRaw(rhs);
}

/** FindEqualRevisions: the revisions equal to the needle, in their order. */
export function findEqualRevisions(
  revisions: readonly ControllerRevision[],
  needle: ControllerRevision | undefined,
): ControllerRevision[] {
  return revisions.filter((r) => equalRevision(r, needle));
}
