import { SAFE_ALPHABET } from './hash.js';
import type { RandomStream } from './streams.js';

/** names.SimpleNameGenerator: a generated name is the base plus 5 random safe characters. */
const RANDOM_LENGTH = 5;
/** validation.DNS1123SubdomainMaxLength (253) is the object limit, but generated names cut the base at 63 - 5. */
const MAX_GENERATED_BASE_LENGTH = 63 - RANDOM_LENGTH;

/** The API server's generateName: the base (trimmed to 58) plus five random characters from its safe alphabet. */
export function generateName(base: string, rng: RandomStream): string {
  const trimmed = base.length > MAX_GENERATED_BASE_LENGTH ? base.slice(0, MAX_GENERATED_BASE_LENGTH) : base;
  let suffix = '';
  for (let i = 0; i < RANDOM_LENGTH; i++) suffix += SAFE_ALPHABET[rng.int(SAFE_ALPHABET.length)];
  return trimmed + suffix;
}

/** murmur3's 32-bit finaliser: a bijection on 32-bit integers with good avalanche. */
function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

/**
 * A version-4-shaped UUID derived from the run's salt and a counter. The API server picks
 * UIDs at random; kubesim derives them so that replaying a log reproduces them exactly. The
 * first 32 bits are a bijection of the counter, so two counters never share a UID.
 */
export function deriveUid(salt: number, counter: number): string {
  const a = fmix32(counter ^ salt);
  const b = fmix32(a + 0x9e3779b9 + salt);
  const c = fmix32(b + counter);
  const d = fmix32(c ^ 0x7f4a7c15);
  const bh = hex8(b);
  const ch = hex8(c);
  const variant = ((parseInt(ch[0] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex8(a)}-${bh.slice(0, 4)}-4${bh.slice(5, 8)}-${variant}${ch.slice(1, 4)}-${ch.slice(4, 8)}${hex8(d)}`;
}
