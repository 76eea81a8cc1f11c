/**
 * Go's encoding/base64 StdEncoding, as the API server's JSON decoder applies it to `[]byte`
 * fields (a Secret's data, a ConfigMap's binaryData): padding required, CR and LF skipped,
 * and the error names the offset of the first byte it could not use.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Map<string, number>([...ALPHABET].map((c, i) => [c, i]));

/** base64.CorruptInputError's message. */
export function corruptInput(offset: number): string {
  return `illegal base64 data at input byte ${offset}`;
}

/**
 * The decoded length of `src`, or the error Go's decoder gives (decodeQuantum, not strict):
 * a byte outside the alphabet, a quantum cut short, wrong padding or bytes after it.
 */
export function base64Decode(src: string): { bytes: number } | { error: string } {
  let si = 0;
  let bytes = 0;
  const n = src.length;
  const skipNewlines = (): void => {
    while (si < n && (src[si] === '\n' || src[si] === '\r')) si++;
  };
  for (;;) {
    let j = 0;
    let dlen = 4;
    let end = false;
    while (j < 4) {
      if (si === n) {
        if (j === 0) return { bytes };
        // With padding required, a quantum that stops short is corrupt where it began.
        return { error: corruptInput(si - j) };
      }
      const c = src[si] as string;
      si++;
      if (DECODE.has(c)) {
        j++;
        continue;
      }
      if (c === '\n' || c === '\r') continue;
      if (c !== '=') return { error: corruptInput(si - 1) };
      // Padding: only after two or three symbols, and `==` after two.
      if (j < 2) return { error: corruptInput(si - 1) };
      if (j === 2) {
        skipNewlines();
        if (si === n) return { error: corruptInput(n) };
        if (src[si] !== '=') return { error: corruptInput(si - 1) };
        si++;
      }
      skipNewlines();
      if (si < n) return { error: corruptInput(si) };
      dlen = j;
      end = true;
      break;
    }
    // A quantum of k symbols carries k - 1 bytes.
    bytes += dlen - 1;
    if (end) return { bytes };
  }
}

/** UTF-8 bytes of a string, base64-encoded with padding (what `[]byte(s)` marshals to). */
export function base64EncodeString(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i] as number;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    out += ALPHABET[b0 >> 2];
    out += ALPHABET[((b0 & 3) << 4) | ((b1 ?? 0) >> 4)];
    out += b1 === undefined ? '=' : ALPHABET[((b1 & 15) << 2) | ((b2 ?? 0) >> 6)];
    out += b2 === undefined ? '=' : ALPHABET[b2 & 63];
  }
  return out;
}
