/**
 * Hashing that mirrors upstream's shapes: FNV-32a (controller.ComputeHash,
 * history.HashControllerRevision) rendered through rand.SafeEncodeString.
 */

/** k8s.io/apimachinery/pkg/util/rand: consonants and digits that cannot spell bad words. */
export const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** rand.SafeEncodeString: each character mapped through the safe alphabet by its byte value. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHABET[s.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a, 32 bits, over the UTF-8 bytes of the text and then any extra bytes. */
const encoder = new TextEncoder();

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** FNV-1a, 32 bits, of a text's UTF-8 bytes and optional extra bytes (Go's hash/fnv New32a). */
export function fnv32a(text: string, extra?: Uint8Array): number {
  let h = FNV_OFFSET;
  // ASCII text is its own UTF-8; anything else goes through the encoder.
  if (isAscii(text)) {
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  } else {
    for (const b of encoder.encode(text)) h = Math.imul(h ^ b, FNV_PRIME);
  }
  if (extra) for (const b of extra) h = Math.imul(h ^ b, FNV_PRIME);
  return h >>> 0;
}

/**
 * JSON with object keys sorted, so equal values give equal text whatever order their keys
 * were written in. Undefined members are dropped, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/**
 * controller.ComputeHash: the `pod-template-hash` of a template. Upstream hashes Go's
 * deterministic struct dump, which cannot be reproduced outside Go; kubesim hashes the
 * canonical JSON instead, keeping what users rely on: the alphabet, the length range, and
 * "equal templates give equal hashes". A collision count, when set, is mixed in as upstream
 * does (its 32-bit value as 8 little-endian bytes).
 */
export function computeHash(template: unknown, collisionCount?: number): string {
  let extra: Uint8Array | undefined;
  if (collisionCount !== undefined) {
    extra = new Uint8Array(8);
    new DataView(extra.buffer).setUint32(0, collisionCount >>> 0, true);
  }
  return safeEncodeString(String(fnv32a(canonicalJson(template), extra)));
}
