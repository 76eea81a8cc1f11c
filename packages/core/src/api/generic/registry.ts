import type { Store } from '../../store/store.js';
import { BUILTIN_GENERIC_KINDS, type GenericKindInfo, groupKind } from './builtinKinds.js';
import {
  CRD_GROUP_KIND,
  type CRDVersion,
  type CustomResourceDefinition,
  type JSONSchemaProps,
  type PrinterColumn,
} from './crd.js';
import { genericPrefix } from './store.js';

/**
 * What the API server serves beyond kubesim's typed kinds: the built-in generic kinds and the
 * kinds the stored CustomResourceDefinitions define (discovery and the RESTMapper).
 */

/** A served generic kind, and for a custom resource what its CRD's version says. */
export interface ServedKind extends GenericKindInfo {
  /** `Ingress.networking.k8s.io`: how objects of it are keyed and named in errors. */
  readonly groupKind: string;
  /** The served versions (the built-ins serve the one in apiVersion). */
  readonly versions: readonly string[];
  /** For a custom resource: the CRD's version entry for the version asked for. */
  readonly crd?: {
    readonly name: string;
    readonly version: CRDVersion;
    readonly schema: JSONSchemaProps | undefined;
    readonly statusSubresource: boolean;
    readonly printerColumns: readonly PrinterColumn[];
    readonly singular: string;
  };
}

function builtin(i: GenericKindInfo): ServedKind {
  const version = i.apiVersion.slice(i.apiVersion.indexOf('/') + 1);
  return { ...i, groupKind: groupKind(i.kind, i.group), versions: [version] };
}

const BUILTINS: readonly ServedKind[] = BUILTIN_GENERIC_KINDS.map(builtin);

/** The CRDs in the store (their deletion pending or not: a terminating CRD still serves). */
export function storedCRDs(store: Store): CustomResourceDefinition[] {
  return store.generic.valuesWithPrefix(genericPrefix(CRD_GROUP_KIND)) as CustomResourceDefinition[];
}

function fromCRD(crd: CustomResourceDefinition, version?: string): ServedKind | undefined {
  const { group, names, scope, versions } = crd.spec;
  const served = versions.filter((v) => v.served);
  const v = version === undefined ? (served.find((x) => x.storage) ?? served[0]) : served.find((x) => x.name === version);
  if (v === undefined) return undefined;
  return {
    kind: names.kind,
    apiVersion: `${group}/${v.name}`,
    group,
    resource: names.plural,
    shortNames: names.shortNames ?? [],
    namespaced: scope === 'Namespaced',
    hasGeneration: true,
    names: 'subdomain',
    groupKind: groupKind(names.kind, group),
    versions: served.map((x) => x.name),
    crd: {
      name: crd.metadata.name ?? '',
      version: v,
      schema: v.schema?.openAPIV3Schema,
      statusSubresource: v.subresources?.status !== undefined,
      printerColumns: v.additionalPrinterColumns ?? [],
      singular: names.singular || names.kind.toLowerCase(),
    },
  };
}

/** The generic kind an object of this apiVersion and kind is, or undefined (`no matches for kind`). */
export function servedGenericKind(store: Store, apiVersion: string, kind: string): ServedKind | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  const b = BUILTINS.find((i) => i.kind === kind && i.group === group);
  if (b !== undefined) return b.versions.includes(version) ? b : undefined;
  for (const crd of storedCRDs(store)) {
    if (crd.spec.group === group && crd.spec.names.kind === kind) return fromCRD(crd, version);
  }
  return undefined;
}

/** The generic kind by its group kind (`Ingress.networking.k8s.io`), at its preferred version. */
export function genericKindByGroupKind(store: Store, gk: string): ServedKind | undefined {
  const b = BUILTINS.find((i) => i.groupKind === gk);
  if (b !== undefined) return b;
  for (const crd of storedCRDs(store)) {
    if (groupKind(crd.spec.names.kind, crd.spec.group) === gk) return fromCRD(crd);
  }
  return undefined;
}

/** Every served generic kind: the built-ins, then the CRDs' in name order. */
export function servedGenericKinds(store: Store): ServedKind[] {
  const out = [...BUILTINS];
  for (const crd of storedCRDs(store)) {
    const s = fromCRD(crd);
    if (s !== undefined) out.push(s);
  }
  return out;
}

/**
 * kubectl's RESTMapper for these kinds: a resource (`ingresses`), its singular (`ingress`),
 * a short name (`ing`) or the kind, optionally followed by `.group` or `.version.group`.
 */
export function resolveGenericResource(store: Store, text: string): ServedKind | undefined {
  const lower = text.toLowerCase();
  const dot = lower.indexOf('.');
  const base = dot < 0 ? lower : lower.slice(0, dot);
  const rest = dot < 0 ? '' : lower.slice(dot + 1);
  for (const s of servedGenericKinds(store)) {
    const singular = s.crd?.singular ?? s.kind.toLowerCase();
    const names = [s.resource, singular, s.kind.toLowerCase(), ...s.shortNames];
    if (!names.includes(base)) continue;
    if (rest === '' || rest === s.group || s.versions.some((v) => rest === `${v}.${s.group}`)) return s;
  }
  return undefined;
}
