import { objectKey, SEP } from '../../store/keys.js';
import type { Store } from '../../store/store.js';
import type { GenericObject } from '../types.js';

/** Where a generic object lives in store.generic: `<group kind>\0<namespace/name>`. */
export function genericKey(gk: string, namespace: string | undefined, name: string): string {
  return `${gk}${SEP}${objectKey(namespace, name)}`;
}

/** The key prefix of one generic kind (and, with a namespace, of one namespace of it). */
export function genericPrefix(gk: string, namespace?: string): string {
  return namespace === undefined ? `${gk}${SEP}` : `${gk}${SEP}${namespace}/`;
}

/** One generic object by group kind, namespace (undefined: cluster-scoped) and name. */
export function getGeneric(store: Store, gk: string, namespace: string | undefined, name: string): GenericObject | undefined {
  return store.generic.get(genericKey(gk, namespace, name));
}

/** The generic objects of one group kind, or of one namespace of it, in key order. */
export function listGeneric(store: Store, gk: string, namespace?: string): GenericObject[] {
  return store.generic.valuesWithPrefix(genericPrefix(gk, namespace));
}

export function putGeneric(store: Store, gk: string, obj: GenericObject, resourceVersion: number): Store {
  const key = genericKey(gk, obj.metadata.namespace, obj.metadata.name ?? '');
  return { ...store, generic: store.generic.set(key, obj), resourceVersion };
}

export function removeGeneric(store: Store, gk: string, obj: GenericObject, resourceVersion: number): Store {
  const key = genericKey(gk, obj.metadata.namespace, obj.metadata.name ?? '');
  return { ...store, generic: store.generic.delete(key), resourceVersion };
}
