import type { ObjectMeta } from '../api/types.js';

/** How kubesim names an object inside its kind: `namespace/name`, or `name` for cluster-scoped kinds. */
export function objectKey(namespace: string | undefined, name: string): string {
  return namespace === undefined || namespace === '' ? name : `${namespace}/${name}`;
}

/** An object's key in the store: `namespace/name`, or the name for a cluster-scoped object. */
export function keyOf(meta: ObjectMeta): string {
  return objectKey(meta.namespace, meta.name ?? '');
}

/** Splits a key back into namespace and name. */
export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { namespace: undefined, name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** Separator inside composite index keys; sorts before every printable character. */
export const SEP = '\u0000';
