import { KubesimError } from '@kubesim/core';
import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from 'yaml';
import { goYamlTags } from './goYaml.js';

/**
 * YAML as kubectl reads it (sigs.k8s.io/yaml over go-yaml v2: YAML 1.1, so `yes`/`on` are
 * booleans and `0755` is octal, with go-yaml v2's own differences (goYaml.ts); duplicate keys
 * are errors in a scenario, the last one wins in a manifest), keeping where every node starts
 * so that a message can name the line of a field.
 */
export interface YamlDocument {
  readonly value: unknown;
  /** `file:line:column` of the key (or item) at a path, or of the nearest node found on the way. */
  locate(path: readonly (string | number)[]): string;
  /** The line and column where the value at a path starts (for text embedded there). */
  origin(path: readonly (string | number)[]): Origin;
  /** The line where the document starts. */
  readonly line: number;
  /** The text of the plain scalar at a path as written (`042` for the octal 34), if it is one. */
  source(path: readonly (string | number)[]): string | undefined;
}

/**
 * Text embedded in another file (a block scalar in a scenario) reports positions in that
 * file: `origin` is where the text's first line starts there.
 */
export interface Origin {
  readonly line: number;
  readonly column: number;
}

/**
 * A scenario file refuses a key written twice; a manifest takes the last, as kubectl does: it
 * reads a file with sigs.k8s.io/yaml's non-strict Unmarshal (go-yaml v2 keeps the last value)
 * and sends the object re-encoded, so the API server never sees the duplicate.
 */
export interface YamlOptions {
  readonly duplicateKeys?: 'error' | 'last';
}

/**
 * Parses every document of a YAML text (empty ones skipped), as kubectl reads YAML; errors (E_SCENARIO)
 * name `file:line:column`, shifted by `origin` for text embedded in another file.
 */
export function parseYamlDocuments(
  text: string,
  file: string,
  origin: Origin = { line: 1, column: 1 },
  options: YamlOptions = {},
): YamlDocument[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, {
    version: '1.1',
    customTags: goYamlTags,
    lineCounter,
    merge: true,
    uniqueKeys: options.duplicateKeys !== 'last',
    prettyErrors: false,
  });
  const list: Document.Parsed[] = Array.isArray(docs) ? docs : [docs as unknown as Document.Parsed];
  const where = (offset: number): string => {
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line + origin.line - 1}:${col + origin.column - 1}`;
  };
  const out: YamlDocument[] = [];
  for (const doc of list) {
    const error = doc.errors[0];
    if (error !== undefined) {
      throw new KubesimError('E_SCENARIO', `${where(error.pos[0])}: YAML error: ${firstLine(error.message)}`);
    }
    if (doc.contents === null) continue; // an empty document (`---` alone) is skipped, as kubectl does
    const root = doc.contents as Node;
    out.push({
      value: toJS(doc, where(root.range?.[0] ?? 0)),
      line: lineCounter.linePos(root.range?.[0] ?? 0).line + origin.line - 1,
      locate: (path) => where(offsetOf(root, path)),
      source: (path) => {
        const node = nodeAt(root, path);
        return isScalar(node) && node.type === 'PLAIN' ? node.source : undefined;
      },
      origin: (path) => {
        const { line, col } = lineCounter.linePos(valueOffset(root, path));
        return { line: line + origin.line - 1, column: col + origin.column - 1 };
      },
    });
  }
  return out;
}

/**
 * The document's value, with aliases expanded at most 1000 times: an alias bomb (a billion
 * laughs) is refused with a message, as go-yaml refuses one ("document contains excessive aliasing").
 */
function toJS(doc: Document.Parsed, where: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    if (e instanceof ReferenceError) throw new KubesimError('E_SCENARIO', `${where}: YAML error: ${firstLine(e.message)}`);
    throw e;
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/** The start offset of the key at `path` (or of the item, for a list index). */
function offsetOf(root: Node, path: readonly (string | number)[]): number {
  let node: unknown = root;
  let offset = root.range?.[0] ?? 0;
  for (const segment of path) {
    if (isMap(node)) {
      // The last pair of a key written twice is the one whose value counts.
      const pair = node.items.findLast((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (pair === undefined) return offset;
      const key = pair.key as Node;
      offset = key.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (item === undefined) return offset;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      return offset;
    }
  }
  return offset;
}

/** The node of the value at `path`, if there is one. */
function nodeAt(root: Node, path: readonly (string | number)[]): unknown {
  let node: unknown = root;
  for (const segment of path) {
    if (isMap(node))
      node = node.items.findLast((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment))?.value;
    else if (isSeq(node) && typeof segment === 'number') node = node.items[segment];
    else return undefined;
  }
  return node;
}

/** The start offset of the value at `path`. */
function valueOffset(root: Node, path: readonly (string | number)[]): number {
  return (nodeAt(root, path) as Node | undefined)?.range?.[0] ?? root.range?.[0] ?? 0;
}

/**
 * A field path as the API server writes it (`spec.template.spec.containers[0].image`,
 * `metadata.labels[app.kubernetes.io/name]`) split into keys and indexes.
 */
export function parseFieldPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  let i = 0;
  let word = '';
  while (i < path.length) {
    const c = path[i] as string;
    if (c === '.') {
      if (word !== '') out.push(word);
      word = '';
      i++;
    } else if (c === '[') {
      if (word !== '') out.push(word);
      word = '';
      const end = path.indexOf(']', i);
      const inside = path.slice(i + 1, end < 0 ? path.length : end);
      out.push(/^[0-9]+$/.test(inside) ? Number(inside) : inside);
      i = end < 0 ? path.length : end + 1;
    } else {
      word += c;
      i++;
    }
  }
  if (word !== '') out.push(word);
  return out;
}
