/**
 * SHA-256 (FIPS 180-4) in plain TypeScript, so that core hashes logs and states the same way
 * in a browser bundle as in Node, without `node:crypto`. Text is hashed as its UTF-8 bytes;
 * the hex digest equals `createHash('sha256').update(text).digest('hex')`.
 */

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const INITIAL = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

const encoder = new TextEncoder();

/** Bytes gathered before hashing: large enough that encoding goes a buffer at a time. */
const BUFFER = 1 << 16;

/** An incremental SHA-256: `update` with text any number of times, then `digest` once. */
export class Sha256 {
  private readonly h = new Int32Array(INITIAL);
  private readonly buf = new Uint8Array(BUFFER);
  private readonly w = new Int32Array(64);
  private used = 0; // bytes waiting in `buf`
  private bytes = 0; // total bytes hashed (a double: exact up to 2^53)
  private done = false;

  /** A hash of everything added so far that goes on by itself (this one is left as it is). */
  clone(): Sha256 {
    this.check();
    const c = new Sha256();
    c.h.set(this.h);
    c.buf.set(this.buf.subarray(0, this.used));
    c.used = this.used;
    c.bytes = this.bytes;
    return c;
  }

  /** Adds the UTF-8 bytes of `text` (a lone surrogate as U+FFFD, as Node's encoder does). */
  update(text: string): this {
    this.check();
    let rest = text;
    for (;;) {
      const { read, written } = encoder.encodeInto(rest, this.buf.subarray(this.used));
      this.used += written;
      this.bytes += written;
      if (read === rest.length) break;
      rest = rest.slice(read);
      this.flush();
    }
    if (this.used > BUFFER - 64) this.flush();
    return this;
  }

  /** Adds raw bytes. */
  updateBytes(data: Uint8Array): this {
    this.check();
    let from = 0;
    while (from < data.length) {
      const n = Math.min(data.length - from, BUFFER - this.used);
      this.buf.set(data.subarray(from, from + n), this.used);
      this.used += n;
      this.bytes += n;
      from += n;
      if (this.used === BUFFER) this.flush();
    }
    return this;
  }

  private check(): void {
    if (this.done) throw new Error('sha256: the digest was already taken');
  }

  /** Hashes the whole blocks gathered and keeps the partial one at the buffer's start. */
  private flush(): void {
    const whole = this.used - (this.used % 64);
    for (let at = 0; at < whole; at += 64) this.compress(at);
    this.buf.copyWithin(0, whole, this.used);
    this.used -= whole;
  }

  /** The digest as 64 lowercase hex digits; the hash takes no more input after it. */
  digest(): string {
    this.check();
    this.flush();
    const bits = this.bytes * 8;
    const buf = this.buf;
    let used = this.used;
    buf[used++] = 0x80;
    // Zeros up to 8 bytes before a block's end (in a second block if the first has no room).
    const end = used > 56 ? 128 : 64;
    buf.fill(0, used, end - 8);
    // The message length in bits, big-endian, in the last 8 bytes.
    const hi = Math.floor(bits / 0x100000000);
    const lo = bits >>> 0;
    for (let i = 0; i < 4; i++) {
      buf[end - 8 + i] = (hi >>> (24 - 8 * i)) & 0xff;
      buf[end - 4 + i] = (lo >>> (24 - 8 * i)) & 0xff;
    }
    for (let at = 0; at < end; at += 64) this.compress(at);
    this.done = true;
    let hex = '';
    for (const word of this.h) hex += (word >>> 0).toString(16).padStart(8, '0');
    return hex;
  }

  /** The 64-byte block at `at` in the buffer through the compression function. */
  private compress(at: number): void {
    const w = this.w;
    const b = this.buf;
    for (let i = 0; i < 16; i++) {
      const j = at + i * 4;
      w[i] = ((b[j] as number) << 24) | ((b[j + 1] as number) << 16) | ((b[j + 2] as number) << 8) | (b[j + 3] as number);
    }
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15] as number;
      const y = w[i - 2] as number;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = ((w[i - 16] as number) + s0 + (w[i - 7] as number) + s1) | 0;
    }
    const h = this.h;
    let a = h[0] as number;
    let bb = h[1] as number;
    let c = h[2] as number;
    let d = h[3] as number;
    let e = h[4] as number;
    let f = h[5] as number;
    let g = h[6] as number;
    let hh = h[7] as number;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + (K[i] as number) + (w[i] as number)) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & bb) ^ (a & c) ^ (bb & c);
      const t2 = (S0 + maj) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = bb;
      bb = a;
      a = (t1 + t2) | 0;
    }
    h[0] = ((h[0] as number) + a) | 0;
    h[1] = ((h[1] as number) + bb) | 0;
    h[2] = ((h[2] as number) + c) | 0;
    h[3] = ((h[3] as number) + d) | 0;
    h[4] = ((h[4] as number) + e) | 0;
    h[5] = ((h[5] as number) + f) | 0;
    h[6] = ((h[6] as number) + g) | 0;
    h[7] = ((h[7] as number) + hh) | 0;
  }
}

/** The SHA-256 hex digest of the UTF-8 bytes of `text`. */
export function sha256Hex(text: string): string {
  return new Sha256().update(text).digest();
}
