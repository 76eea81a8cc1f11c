import type { Store } from '../../store/store.js';
import { type FieldError, field } from '../fieldErrors.js';
import type { GenericObject, NamespaceCondition } from '../types.js';
import { type NameValidator, validateObjectMeta } from '../validation/meta.js';
import { isDNS1123Label, isDNS1123Subdomain } from '../validation/names.js';
import { CRD_GROUP_KIND, type CustomResourceDefinition } from './crd.js';
import type { ServedKind } from './registry.js';
import { prune, validateAgainstSchema } from './schema.js';

/** path.IsValidPathSegmentName (rbac's ValidateRBACName). */
function isValidPathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const errs: string[] = [];
  for (const illegal of ['/', '%']) if (name.includes(illegal)) errs.push(`may not contain '${illegal}'`);
  return errs;
}

const NAME_RULES: Readonly<Record<ServedKind['names'], NameValidator>> = {
  subdomain: isDNS1123Subdomain,
  label: isDNS1123Label,
  'path-segment': isValidPathSegmentName,
};

/**
 * Defaulting and validation of a generic object: its metadata (scope and name rules), a
 * CRD's spec, a custom resource's schema (after pruning). Returns the object as it would be
 * stored (defaulted, pruned) and the errors.
 */
export function validateGeneric(_store: Store, s: ServedKind, obj: GenericObject): { obj: GenericObject; errors: FieldError[] } {
  const errors = validateObjectMeta(obj.metadata, s.namespaced, NAME_RULES[s.names]);
  let out = obj;
  if (s.groupKind === CRD_GROUP_KIND) {
    out = defaultCRD(obj as CustomResourceDefinition);
    errors.push(...validateCRD(out as CustomResourceDefinition));
  } else if (s.crd !== undefined) {
    const schema = s.crd.schema;
    out = prune(obj, schema, true) as GenericObject;
    errors.push(...validateAgainstSchema(out, schema, '', true));
  }
  return { obj: out, errors };
}

/** SetDefaults_CustomResourceDefinition(Spec): singular, listKind, conversion. */
function defaultCRD(crd: CustomResourceDefinition): CustomResourceDefinition {
  const spec = crd.spec ?? ({} as CustomResourceDefinition['spec']);
  const names = { ...spec.names };
  if (!names.singular && names.kind) names.singular = names.kind.toLowerCase();
  if (!names.listKind && names.kind) names.listKind = `${names.kind}List`;
  const conversion = (spec as { conversion?: unknown }).conversion ?? { strategy: 'None' };
  return { ...crd, spec: { ...spec, names, conversion } as CustomResourceDefinition['spec'] };
}

/** The parts of ValidateCustomResourceDefinition kubesim's behaviour depends on. */
export function validateCRD(crd: CustomResourceDefinition): FieldError[] {
  const errs: FieldError[] = [];
  const spec = crd.spec;
  if (spec === undefined) return [field.required('spec')];
  const { group, names, scope, versions } = spec;
  if (!names?.plural || !group || crd.metadata.name !== `${names.plural}.${group}`) {
    errs.push(field.invalid('metadata.name', crd.metadata.name ?? '', 'must be spec.names.plural+"."+spec.group'));
  }
  if (!group) errs.push(field.required('spec.group'));
  else if (!group.includes('.')) errs.push(field.invalid('spec.group', group, 'should be a domain with at least one dot'));
  else for (const m of isDNS1123Subdomain(group)) errs.push(field.invalid('spec.group', group, m));
  if (!scope) errs.push(field.required('spec.scope'));
  else if (scope !== 'Cluster' && scope !== 'Namespaced')
    errs.push(field.notSupported('spec.scope', scope, ['Cluster', 'Namespaced']));
  if (!names?.plural) errs.push(field.required('spec.names.plural'));
  else for (const m of isDNS1123Label(names.plural)) errs.push(field.invalid('spec.names.plural', names.plural, m));
  if (!names?.kind) errs.push(field.required('spec.names.kind'));
  if (!Array.isArray(versions) || versions.length === 0) {
    errs.push(field.required('spec.versions', 'must have exactly one version marked as storage version'));
    return errs;
  }
  const storage = versions.filter((v) => v.storage).length;
  if (storage !== 1)
    errs.push(field.invalid('spec.versions', versions, 'must have exactly one version marked as storage version'));
  versions.forEach((v, i) => {
    if (!v.name) errs.push(field.required(`spec.versions[${i}].name`));
    if (v.schema?.openAPIV3Schema === undefined)
      errs.push(field.required(`spec.versions[${i}].schema.openAPIV3Schema`, 'schemas are required'));
  });
  return errs;
}

/** The immutable parts of an update: a CRD's scope once stored versions exist, its group and names.plural via the name. */
export function validateGenericUpdate(s: ServedKind, old: GenericObject, next: GenericObject): FieldError[] {
  if (s.groupKind !== CRD_GROUP_KIND) return [];
  const o = old as CustomResourceDefinition;
  const n = next as CustomResourceDefinition;
  if (o.spec.scope !== n.spec.scope) return [field.invalid('spec.scope', n.spec.scope, 'field is immutable')];
  return [];
}

function condition(type: string, reason: string, message: string, now: number): NamespaceCondition {
  return { type, status: 'True', lastTransitionTime: now, reason, message };
}

/**
 * What the API server and its controllers add to a new object: a CRD's accepted names,
 * Established condition and stored versions (the naming and establishing controllers act at
 * once in kubesim); a custom resource with a status subresource loses the status it was sent.
 */
export function prepareGenericForCreate(s: ServedKind, obj: GenericObject): GenericObject {
  if (s.groupKind === CRD_GROUP_KIND) {
    const crd = obj as CustomResourceDefinition;
    const now = crd.metadata.creationTimestamp ?? 0;
    const storage = crd.spec.versions.find((v) => v.storage)?.name;
    return {
      ...crd,
      status: {
        acceptedNames: crd.spec.names,
        conditions: [
          condition('NamesAccepted', 'NoConflicts', 'no conflicts found', now),
          condition('Established', 'InitialNamesAccepted', 'the initial names have been accepted', now),
        ],
        storedVersions: storage === undefined ? [] : [storage],
      },
    };
  }
  if (s.crd?.statusSubresource === true && 'status' in obj) {
    const { status: _s, ...rest } = obj;
    return rest as GenericObject;
  }
  return obj;
}
