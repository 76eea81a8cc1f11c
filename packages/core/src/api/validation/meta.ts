import { type FieldError, field } from '../fieldErrors.js';
import type { LabelSelector, ObjectMeta } from '../types.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './names.js';

/** How a kind's names are checked (ValidateObjectMeta's nameFn). */
export type NameValidator = (name: string) => string[];

export const IS_NEGATIVE_ERROR_MSG = 'must be greater than or equal to 0';

export function validateNonnegative(value: number | undefined, path: string): FieldError[] {
  return value !== undefined && value < 0 ? [field.invalid(path, value, IS_NEGATIVE_ERROR_MSG)] : [];
}

/** metav1validation.ValidateLabels: errors name the map's path, not the key. */
export function validateLabels(labels: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const m of isQualifiedName(k)) errs.push(field.invalid(path, k, m));
    if (typeof v !== 'string') errs.push(field.invalid(path, v, 'label values must be strings'));
    else for (const m of isValidLabelValue(v)) errs.push(field.invalid(path, v, m));
  }
  return errs;
}

export function validateAnnotations(annotations: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(field.invalid(path, k, m));
    total += k.length + String(v).length;
  }
  // apimachinery TotalAnnotationSizeLimitB = 256 KiB.
  if (total > 256 * 1024) errs.push(field.tooLong(path, 256 * 1024));
  return errs;
}

/** metav1validation.ValidateLabelSelector. */
export function validateLabelSelector(sel: LabelSelector | undefined, path: string): FieldError[] {
  if (sel === undefined) return [];
  const errs: FieldError[] = validateLabels(sel.matchLabels, `${path}.matchLabels`);
  (sel.matchExpressions ?? []).forEach((e, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) {
          errs.push(field.required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        }
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) {
          errs.push(field.forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        }
        break;
      default:
        errs.push(field.invalid(`${p}.operator`, e.operator, 'not a valid selector operator'));
    }
    for (const m of isQualifiedName(e.key ?? '')) errs.push(field.invalid(`${p}.key`, e.key, m));
    values.forEach((v, j) => {
      for (const m of isValidLabelValue(v)) errs.push(field.invalid(`${p}.values[${j}]`, v, m));
    });
  });
  return errs;
}

/**
 * apimachinery's maskTrailingDash for generateName prefixes (the random suffix follows a
 * trailing dash): it replaces the last two characters with "a", as upstream does.
 */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}

/** schema.FromAPIVersionAndKind(...).Version: what follows the one `/`, or the whole string. */
function versionOf(apiVersion: string): string {
  const parts = apiVersion.split('/');
  if (parts.length === 1) return apiVersion;
  return parts.length === 2 ? (parts[1] as string) : '';
}

/** The finalizers core accepts without a `/`: pkg/apis/core/helper IsStandardFinalizerName. */
const STANDARD_FINALIZERS: ReadonlySet<string> = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** apimachinery ValidateObjectMeta, plus core's finalizer-name rule, in upstream's order. */
export function validateObjectMeta(
  meta: ObjectMeta | undefined,
  namespaced: boolean,
  nameFn: NameValidator,
  path = 'metadata',
): FieldError[] {
  if (meta === undefined) return [field.required(path)];
  const errs: FieldError[] = [];
  if (meta.generateName) {
    for (const m of nameFn(maskTrailingDash(meta.generateName))) {
      errs.push(field.invalid(`${path}.generateName`, meta.generateName, m));
    }
  }
  // The API server turns generateName into a name before it validates, so only an object
  // with neither is missing its name.
  if (!meta.name) {
    if (!meta.generateName) errs.push(field.required(`${path}.name`, 'name or generateName is required'));
  } else {
    for (const m of nameFn(meta.name)) errs.push(field.invalid(`${path}.name`, meta.name, m));
  }
  if (namespaced) {
    if (!meta.namespace) errs.push(field.required(`${path}.namespace`));
    else for (const m of isDNS1123Label(meta.namespace)) errs.push(field.invalid(`${path}.namespace`, meta.namespace, m));
  } else if (meta.namespace) {
    errs.push(field.forbidden(`${path}.namespace`, 'not allowed on this type'));
  }
  errs.push(...validateLabels(meta.labels, `${path}.labels`));
  errs.push(...validateAnnotations(meta.annotations, `${path}.annotations`));
  // ValidateOwnerReferences reports every field at the list's path, not at an index.
  const refs = meta.ownerReferences ?? [];
  const p = `${path}.ownerReferences`;
  let firstController = '';
  for (const r of refs) {
    if (!versionOf(r.apiVersion ?? ''))
      errs.push(field.invalid(`${p}.apiVersion`, r.apiVersion ?? '', 'version must not be empty'));
    if (!r.kind) errs.push(field.invalid(`${p}.kind`, r.kind ?? '', 'kind must not be empty'));
    if (!r.name) errs.push(field.invalid(`${p}.name`, r.name ?? '', 'name must not be empty'));
    if (!r.uid) errs.push(field.invalid(`${p}.uid`, r.uid ?? '', 'uid must not be empty'));
    if (r.controller) {
      const current = `${r.kind}/${r.name}`;
      if (firstController === '') firstController = current;
      else {
        errs.push(
          field.invalid(
            p,
            refs,
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
          ),
        );
      }
    }
  }
  const finalizers = meta.finalizers ?? [];
  for (const f of finalizers) {
    for (const m of isQualifiedName(f)) errs.push(field.invalid(`${path}.finalizers`, f, m));
  }
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    errs.push(field.invalid(`${path}.finalizers`, finalizers, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  finalizers.forEach((f, i) => {
    if (!f.includes('/') && !STANDARD_FINALIZERS.has(f)) {
      errs.push(
        field.invalid(`${path}.finalizers[${i}]`, f, 'name is neither a standard finalizer name nor is it fully qualified'),
      );
    }
  });
  return errs;
}

export { isDNS1123Label, isDNS1123Subdomain };
