import { KubesimError } from '../errors.js';

/**
 * The three patch types `kubectl patch --type` sends: JSON merge patch (RFC 7386), JSON
 * patch (RFC 6902) and strategic merge patch, which merges lists of objects by a key per
 * field (containers by name, ports by containerPort, ...) as the Go types' patchMergeKey
 * tags say. Patches never mutate their input.
 */
export type PatchType = 'merge' | 'json' | 'strategic';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function badRequest(message: string): KubesimError {
  return new KubesimError('E_INVALID', message);
}

/** RFC 7386: objects merge recursively, null deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** List fields merged element-wise by a key (patchMergeKey in k8s.io/api), by field name. */
const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  imagePullSecrets: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  conditions: 'type',
  ownerReferences: 'uid',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  readinessGates: 'conditionType',
  resourceClaims: 'name',
};

/** Lists of scalars merged as sets (patchStrategy:"merge" without a key). */
const SET_LISTS: ReadonlySet<string> = new Set(['finalizers']);

function mergeKeyFor(field: string, items: readonly unknown[]): string | undefined {
  if (field === 'ports') {
    // Container ports merge on containerPort, Service ports on port.
    const first = items.find(isObject);
    return first !== undefined && 'containerPort' in first ? 'containerPort' : 'port';
  }
  return MERGE_KEYS[field];
}

function strategicList(field: string, target: unknown, patch: unknown[]): unknown[] {
  const current = Array.isArray(target) ? target : [];
  if (SET_LISTS.has(field)) {
    const out = [...current];
    for (const v of patch) if (!out.includes(v)) out.push(v);
    return out;
  }
  const replace = patch.find((p) => isObject(p) && p.$patch === 'replace');
  if (replace !== undefined) return patch.filter((p) => p !== replace);
  const key = mergeKeyFor(field, [...patch, ...current]);
  if (key === undefined) return patch;
  const out = current.map((x) => x);
  for (const p of patch) {
    if (!isObject(p)) {
      out.push(p);
      continue;
    }
    const idx = out.findIndex((x) => isObject(x) && x[key] === p[key]);
    if (p.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (idx >= 0) out[idx] = strategicMergePatch(out[idx], p);
    else out.push(strategicMergePatch(undefined, p));
  }
  return out;
}

/** Strategic merge patch, for the directives kubectl users write ($patch: delete/replace). */
export function strategicMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  if (patch.$patch === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return rest;
  }
  if (patch.$patch === 'delete') return undefined;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$setElementOrder/') || k === '$retainKeys' || k === '$patch') continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      const list = Array.isArray(out[field]) ? (out[field] as unknown[]) : [];
      out[field] = list.filter((x) => !(v as unknown[]).includes(x));
      continue;
    }
    if (v === null) delete out[k];
    else if (Array.isArray(v)) out[k] = strategicList(k, out[k], v);
    else {
      const merged = strategicMergePatch(out[k], v);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    }
  }
  return out;
}

function unescapePointer(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function parsePointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw badRequest(`JSON pointer must start with "/": ${JSON.stringify(path)}`);
  return path.slice(1).split('/').map(unescapePointer);
}

function clone(v: unknown): unknown {
  return v === undefined ? undefined : (JSON.parse(JSON.stringify(v)) as unknown);
}

interface JsonPatchOp {
  op: string;
  path: string;
  value?: Json;
  from?: string;
}

/**
 * An array index token as RFC 6902 §4 allows it: `0` or digits without a leading zero. Anything
 * else (`01`, ``, `-1`, `1e0`) names no element; Number() would read `` as 0 and `01` as 1.
 */
function arrayIndex(token: string): number | undefined {
  return /^(0|[1-9][0-9]*)$/.test(token) ? Number(token) : undefined;
}

/** RFC 6902 §4.6 equality: objects equal when their members are, whatever the key order. */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

function getAt(doc: unknown, tokens: readonly string[]): unknown {
  let cur: unknown = doc;
  for (const t of tokens) {
    if (Array.isArray(cur)) {
      const i = arrayIndex(t);
      cur = i === undefined ? undefined : cur[i];
    } else if (isObject(cur)) {
      // Own members only: `/constructor` must not find Object.prototype.constructor.
      cur = Object.hasOwn(cur, t) ? cur[t] : undefined;
    } else return undefined;
  }
  return cur;
}

/** Applies one operation in place on a private deep copy. */
function applyOp(doc: unknown, op: JsonPatchOp): unknown {
  const tokens = parsePointer(op.path);
  if (op.op === 'test') {
    const actual = getAt(doc, tokens);
    if (actual === undefined || !jsonEqual(actual, op.value)) {
      throw badRequest(`testing value ${op.path} failed`);
    }
    return doc;
  }
  if (op.op === 'move' || op.op === 'copy') {
    if (op.from === undefined) throw badRequest(`missing from in ${op.op} operation`);
    const fromTokens = parsePointer(op.from);
    const value = clone(getAt(doc, fromTokens));
    if (value === undefined) throw badRequest(`${op.op} operation does not apply: doc is missing from path: ${op.from}`);
    const removed = op.op === 'move' ? applyOp(doc, { op: 'remove', path: op.from }) : doc;
    return applyOp(removed, { op: 'add', path: op.path, value: value as Json });
  }
  if (tokens.length === 0) {
    if (op.op === 'remove') return undefined;
    return clone(op.value);
  }
  const parent = getAt(doc, tokens.slice(0, -1));
  const last = tokens[tokens.length - 1] as string;
  const missing = (): KubesimError => badRequest(`${op.op} operation does not apply: doc is missing path: ${op.path}`);
  if (Array.isArray(parent)) {
    const idx = last === '-' && op.op === 'add' ? parent.length : arrayIndex(last);
    if (idx === undefined) throw missing();
    switch (op.op) {
      case 'add':
        if (idx > parent.length) throw missing();
        parent.splice(idx, 0, clone(op.value));
        return doc;
      case 'remove':
        if (idx >= parent.length) throw missing();
        parent.splice(idx, 1);
        return doc;
      case 'replace':
        if (idx >= parent.length) throw missing();
        parent[idx] = clone(op.value);
        return doc;
    }
  } else if (isObject(parent)) {
    switch (op.op) {
      case 'add':
        parent[last] = clone(op.value);
        return doc;
      case 'remove':
      case 'replace':
        if (!Object.hasOwn(parent, last)) throw missing();
        if (op.op === 'remove') delete parent[last];
        else parent[last] = clone(op.value);
        return doc;
    }
  } else {
    throw missing();
  }
  throw badRequest(`Unexpected kind: ${op.op}`);
}

/** RFC 6902 JSON patch. */
export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let doc = clone(target);
  for (const op of ops) {
    if (!isObject(op) || typeof op.op !== 'string' || typeof op.path !== 'string') {
      throw badRequest('invalid JSON patch operation: each needs "op" and "path"');
    }
    doc = applyOp(doc, op as unknown as JsonPatchOp);
  }
  return doc;
}

/** Applies a patch of the given type (merge, strategic merge, JSON patch) to a value, returning the new value. */
export function applyPatch(target: unknown, patchType: PatchType, patch: unknown): unknown {
  switch (patchType) {
    case 'merge':
      return mergePatch(target, patch);
    case 'json':
      return jsonPatch(target, patch);
    case 'strategic':
      return strategicMergePatch(target, patch);
  }
}
