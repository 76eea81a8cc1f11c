/**
 * A persistent sorted map from strings to values: an AVL tree with path copying. A write
 * copies the O(log n) nodes on one path and shares the rest, so a snapshot taken before a
 * write is never changed by it, and no write copies a whole collection. Nodes carry subtree
 * sizes, so counting the keys in a range is O(log n) as well.
 *
 * Iteration order is key order, which depends only on the content, never on the history of
 * writes: a state rebuilt by replay iterates exactly like the live one.
 */
interface Node<V> {
  readonly k: string;
  readonly v: V;
  readonly l: Node<V> | null;
  readonly r: Node<V> | null;
  /**
   * The subtree's size times 64 plus its height, in one small integer: a cluster keeps several
   * nodes per object (the object, its uid, its node, ...), and a field less is 8 bytes each.
   * Heights stay below 64 and sizes below 2^25 before this stops being a small integer (it
   * stays exact as a double beyond that).
   */
  readonly m: number;
}

const HEIGHT_BITS = 64;

function height<V>(n: Node<V> | null): number {
  return n === null ? 0 : n.m % HEIGHT_BITS;
}
function count<V>(n: Node<V> | null): number {
  return n === null ? 0 : Math.floor(n.m / HEIGHT_BITS);
}
function mk<V>(k: string, v: V, l: Node<V> | null, r: Node<V> | null): Node<V> {
  const h = Math.max(height(l), height(r)) + 1;
  return { k, v, l, r, m: (count(l) + count(r) + 1) * HEIGHT_BITS + h };
}

function balance<V>(k: string, v: V, l: Node<V> | null, r: Node<V> | null): Node<V> {
  const hl = height(l);
  const hr = height(r);
  if (hl > hr + 1 && l !== null) {
    if (height(l.l) >= height(l.r)) return mk(l.k, l.v, l.l, mk(k, v, l.r, r));
    const lr = l.r as Node<V>;
    return mk(lr.k, lr.v, mk(l.k, l.v, l.l, lr.l), mk(k, v, lr.r, r));
  }
  if (hr > hl + 1 && r !== null) {
    if (height(r.r) >= height(r.l)) return mk(r.k, r.v, mk(k, v, l, r.l), r.r);
    const rl = r.l as Node<V>;
    return mk(rl.k, rl.v, mk(k, v, l, rl.l), mk(r.k, r.v, rl.r, r.r));
  }
  return mk(k, v, l, r);
}

function insert<V>(n: Node<V> | null, k: string, v: V): Node<V> {
  if (n === null) return { k, v, l: null, r: null, m: HEIGHT_BITS + 1 };
  if (k < n.k) {
    const l = insert(n.l, k, v);
    return l === n.l ? n : balance(n.k, n.v, l, n.r);
  }
  if (k > n.k) {
    const r = insert(n.r, k, v);
    return r === n.r ? n : balance(n.k, n.v, n.l, r);
  }
  // The key already there is kept: other indexes may hold that very string, and a store
  // rewritten per write would keep one more copy of every key alive.
  return v === n.v ? n : { k: n.k, v, l: n.l, r: n.r, m: n.m };
}

function removeMin<V>(n: Node<V>): Node<V> | null {
  if (n.l === null) return n.r;
  return balance(n.k, n.v, removeMin(n.l), n.r);
}

function minNode<V>(n: Node<V>): Node<V> {
  let m = n;
  while (m.l !== null) m = m.l;
  return m;
}

function remove<V>(n: Node<V> | null, k: string): Node<V> | null {
  if (n === null) return null;
  if (k < n.k) {
    const l = remove(n.l, k);
    return l === n.l ? n : balance(n.k, n.v, l, n.r);
  }
  if (k > n.k) {
    const r = remove(n.r, k);
    return r === n.r ? n : balance(n.k, n.v, n.l, r);
  }
  if (n.l === null) return n.r;
  if (n.r === null) return n.l;
  const m = minNode(n.r);
  return balance(m.k, m.v, n.l, removeMin(n.r));
}

/** Number of keys in the tree strictly less than k. */
function rank<V>(n: Node<V> | null, k: string): number {
  let r = 0;
  let cur = n;
  while (cur !== null) {
    if (k <= cur.k) cur = cur.l;
    else {
      r += count(cur.l) + 1;
      cur = cur.r;
    }
  }
  return r;
}

/**
 * The smallest string above every string that starts with prefix, or undefined when there is
 * none (the empty prefix, or one made only of U+FFFF). Keys are compared by UTF-16 code unit,
 * so this is the prefix with trailing U+FFFFs dropped and its last unit raised by one
 * (`ab` -> `ac`). Appending U+FFFF instead would miss keys such as `ab\uffffx`.
 */
export function prefixEnd(prefix: string): string | undefined {
  let end = prefix.length;
  while (end > 0 && prefix.charCodeAt(end - 1) === 0xffff) end--;
  if (end === 0) return undefined;
  return prefix.slice(0, end - 1) + String.fromCharCode(prefix.charCodeAt(end - 1) + 1);
}

/** A persistent sorted map from strings (a balanced tree): each write returns a new map sharing everything unchanged, O(log n). */
export class PMap<V> {
  private static readonly EMPTY: PMap<never> = new PMap<never>(null);
  private readonly root: Node<V> | null;

  private constructor(root: Node<V> | null) {
    this.root = root;
  }

  /** The empty map. */
  static empty<V>(): PMap<V> {
    return PMap.EMPTY as PMap<V>;
  }

  /** A map of these entries. */
  static from<V>(entries: Iterable<readonly [string, V]>): PMap<V> {
    let m = PMap.empty<V>();
    for (const [k, v] of entries) m = m.set(k, v);
    return m;
  }

  get size(): number {
    return count(this.root);
  }

  /** The value at a key. */
  get(k: string): V | undefined {
    let n = this.root;
    while (n !== null) {
      if (k < n.k) n = n.l;
      else if (k > n.k) n = n.r;
      else return n.v;
    }
    return undefined;
  }

  /** Whether the key is present. */
  has(k: string): boolean {
    let n = this.root;
    while (n !== null) {
      if (k < n.k) n = n.l;
      else if (k > n.k) n = n.r;
      else return true;
    }
    return false;
  }

  /** A map with k bound to v. Returns this map itself when nothing changes. */
  set(k: string, v: V): PMap<V> {
    const root = insert(this.root, k, v);
    return root === this.root ? this : new PMap(root);
  }

  /** A map without k. Returns this map itself when k was absent. */
  delete(k: string): PMap<V> {
    const root = remove(this.root, k);
    return root === this.root ? this : new PMap(root);
  }

  /** Number of keys in [lo, hi), in O(log n); no hi means no upper bound. */
  countRange(lo: string, hi: string | undefined): number {
    if (hi === undefined) return this.size - rank(this.root, lo);
    if (hi <= lo) return 0;
    return rank(this.root, hi) - rank(this.root, lo);
  }

  /** How many keys start with the prefix, in O(log n). */
  countPrefix(prefix: string): number {
    return this.countRange(prefix, prefixEnd(prefix));
  }

  /**
   * Calls fn for each entry with lo <= key < hi, in key order; stops early when fn returns
   * false. The allocation-free way to walk a range on a hot path.
   */
  forEachRange(lo: string | undefined, hi: string | undefined, fn: (v: V, k: string) => boolean | undefined): void {
    const stack: Node<V>[] = [];
    let n = this.root;
    for (;;) {
      while (n !== null) {
        if (lo !== undefined && n.k < lo) {
          n = n.r;
        } else {
          stack.push(n);
          n = n.l;
        }
      }
      const top = stack.pop();
      if (top === undefined) return;
      if (hi !== undefined && top.k >= hi) return;
      if (fn(top.v, top.k) === false) return;
      n = top.r;
    }
  }

  /** Visits the entries whose keys start with the prefix, in key order, until fn returns false. */
  forEachPrefix(prefix: string, fn: (v: V, k: string) => boolean | undefined): void {
    this.forEachRange(prefix, prefixEnd(prefix), fn);
  }

  /** The values whose keys start with prefix, in key order. */
  valuesWithPrefix(prefix: string): V[] {
    const out: V[] = [];
    this.forEachPrefix(prefix, (v) => {
      out.push(v);
      return true;
    });
    return out;
  }

  /** The keys that start with the prefix, in order. */
  keysWithPrefix(prefix: string): string[] {
    const out: string[] = [];
    this.forEachPrefix(prefix, (_v, k) => {
      out.push(k);
      return true;
    });
    return out;
  }

  /** The entries in key order. */
  *entries(): IterableIterator<[string, V]> {
    const stack: Node<V>[] = [];
    let n = this.root;
    for (;;) {
      while (n !== null) {
        stack.push(n);
        n = n.l;
      }
      const top = stack.pop();
      if (top === undefined) return;
      yield [top.k, top.v];
      n = top.r;
    }
  }

  /** The values in key order. */
  *values(): IterableIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  /** The keys in order. */
  *keys(): IterableIterator<string> {
    for (const [k] of this.entries()) yield k;
  }

  /** The first entry with key >= k, if any. */
  ceiling(k: string): [string, V] | undefined {
    let best: Node<V> | null = null;
    let n = this.root;
    while (n !== null) {
      if (n.k >= k) {
        best = n;
        n = n.l;
      } else n = n.r;
    }
    return best === null ? undefined : [best.k, best.v];
  }

  /** Tree height (for tests of the balance invariant). */
  get depth(): number {
    return height(this.root);
  }
}
