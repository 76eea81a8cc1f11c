import { fnv32a } from '@kubesim/core';

/**
 * Image references as the container runtime reports them: `nginx:1.14.2` becomes
 * `docker.io/library/nginx:1.14.2`, and IDs are sha256 digests. The digests are derived
 * from the reference, so the same image always gets the same ID.
 */
function normalize(image: string): string {
  let ref = image;
  const firstSlash = ref.indexOf('/');
  const first = firstSlash < 0 ? '' : ref.slice(0, firstSlash);
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  if (firstSlash < 0) ref = `docker.io/library/${ref}`;
  else if (!hasRegistry) ref = `docker.io/${ref}`;
  const lastSlash = ref.lastIndexOf('/');
  if (!ref.includes('@') && ref.lastIndexOf(':') < lastSlash) ref = `${ref}:latest`;
  return ref;
}

/**
 * A bounded memo: a cluster runs few images, and every container status names its image and
 * image ID, so each is computed once and its string shared by every pod.
 */
function memo(fn: (key: string) => string, limit = 4096): (key: string) => string {
  const cache = new Map<string, string>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined) {
      v = fn(key);
      if (cache.size >= limit) cache.clear();
      cache.set(key, v);
    }
    return v;
  };
}

/** An image reference as the runtime reports it (`nginx` → `docker.io/library/nginx:latest`). */
export const normalizeImage: (image: string) => string = memo(normalize);

const FNV_PRIME = 0x01000193;
/** FNV-1a's state after `<i>\0` for i = 0..7: the eight digest words differ only there. */
const WORD_PREFIXES = Array.from({ length: 8 }, (_, i) => {
  let h = 0x811c9dc5;
  for (const ch of `${i}\u0000`) h = Math.imul(h ^ (ch.charCodeAt(0) as number), FNV_PRIME);
  return h;
});

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A 32-bit word as 8 hex digits. */
function hex8(n: number): string {
  return (BYTE_HEX[n >>> 24] as string) + BYTE_HEX[(n >>> 16) & 255] + BYTE_HEX[(n >>> 8) & 255] + BYTE_HEX[n & 255];
}

/**
 * The FNV-32a of `<i>\0<text>` for i = 0..7, as 8 hex digits each, after `head`: the eight
 * hashes run side by side in one pass over the text (ASCII text is its own UTF-8; other text
 * takes fnv32a's path). Joined, not concatenated, so the result is one flat string rather
 * than a tree of pieces that every status holding it would keep alive.
 */
function hexWords(head: string, text: string): string {
  const out = [head];
  if (!isAscii(text)) {
    for (let i = 0; i < 8; i++) out.push(hex8(fnv32a(`${i}\u0000${text}`)));
    return out.join('');
  }
  let [h0, h1, h2, h3, h4, h5, h6, h7] = WORD_PREFIXES as [number, number, number, number, number, number, number, number];
  for (let i = 0; i < text.length; i++) {
    const b = text.charCodeAt(i);
    h0 = Math.imul(h0 ^ b, FNV_PRIME);
    h1 = Math.imul(h1 ^ b, FNV_PRIME);
    h2 = Math.imul(h2 ^ b, FNV_PRIME);
    h3 = Math.imul(h3 ^ b, FNV_PRIME);
    h4 = Math.imul(h4 ^ b, FNV_PRIME);
    h5 = Math.imul(h5 ^ b, FNV_PRIME);
    h6 = Math.imul(h6 ^ b, FNV_PRIME);
    h7 = Math.imul(h7 ^ b, FNV_PRIME);
  }
  out.push(hex8(h0), hex8(h1), hex8(h2), hex8(h3), hex8(h4), hex8(h5), hex8(h6), hex8(h7));
  return out.join('');
}

/** 64 hex characters derived from a text (a stand-in for a sha256 digest). */
export function digest(text: string): string {
  return hexWords('', text);
}

/** The image ID the runtime reports for a reference (a digest derived from the name). */
export const imageID: (image: string) => string = memo((image) => {
  const ref = normalizeImage(image);
  const at = ref.indexOf('@');
  const repo = at >= 0 ? ref.slice(0, at) : ref.slice(0, ref.lastIndexOf(':'));
  return hexWords(`${repo}@sha256:`, ref);
});

/** Computed once per container instance, when it starts. */
export function containerID(podUid: string, container: string, restartCount: number): string {
  return hexWords('containerd://', `${podUid}/${container}/${restartCount}`);
}
