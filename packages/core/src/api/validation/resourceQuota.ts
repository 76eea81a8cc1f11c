import { isKubesimError } from '../../errors.js';
import { type FieldError, field } from '../fieldErrors.js';
import { formatQuantity, milliValue, parseQuantity, type Quantity } from '../quantity.js';
import type { ResourceQuota, ResourceQuotaSpec, ScopedResourceSelectorRequirement } from '../types.js';
import { IS_NEGATIVE_ERROR_MSG } from './meta.js';
import { isQualifiedName } from './names.js';
import { isNativeResource, STANDARD_RESOURCES } from './pod.js';

/**
 * ValidateResourceQuota, ValidateResourceQuotaUpdate and ValidateResourceQuotaStatusUpdate
 * (pkg/apis/core/validation, v1.34) with the helper sets they use (pkg/apis/core/helper). Go
 * ranges over the hard and used maps in random order; kubesim goes through them sorted.
 */

/**
 * helper.standardQuotaResources: what a quota may name unprefixed — the standard resources but
 * `storage` (a quota limits `requests.storage`).
 */
const STANDARD_QUOTA_RESOURCES: ReadonlySet<string> = new Set([...STANDARD_RESOURCES].filter((r) => r !== 'storage'));

/** helper.integerResources: counted in whole units. */
const INTEGER_RESOURCES: ReadonlySet<string> = new Set([
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
]);

/** helper.standardResourceQuotaScopes (VolumeAttributesClass is GA in v1.34). */
export const STANDARD_QUOTA_SCOPES: ReadonlySet<string> = new Set([
  'Terminating',
  'NotTerminating',
  'BestEffort',
  'NotBestEffort',
  'PriorityClass',
  'CrossNamespacePodAffinity',
  'VolumeAttributesClass',
]);

const POD_COMPUTE = new Set(['cpu', 'memory', 'limits.cpu', 'limits.memory', 'requests.cpu', 'requests.memory']);
const PVC_RESOURCES = new Set(['persistentvolumeclaims', 'requests.storage']);

const IS_INVALID_QUOTA_RESOURCE = 'must be a standard resource for quota';
// 'Exists' since k/k PR #124053 (v1.31; it read 'Exist' before).
const EXISTS_ONLY =
  "must be 'Exists' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity";

function isQuotaHugePages(name: string): boolean {
  return name.startsWith('hugepages-') || name.startsWith('requests.hugepages-');
}

/** helper.IsExtendedResourceName: a qualified name outside kubernetes.io, not `requests.`-prefixed. */
export function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

/** helper.IsStandardQuotaResourceName. */
export function isStandardQuotaResourceName(name: string): boolean {
  return STANDARD_QUOTA_RESOURCES.has(name) || isQuotaHugePages(name);
}

/** helper.IsResourceQuotaScopeValidForResource. */
function scopeValidForResource(scope: string, resource: string): boolean {
  switch (scope) {
    case 'Terminating':
    case 'NotTerminating':
    case 'NotBestEffort':
    case 'PriorityClass':
    case 'CrossNamespacePodAffinity':
      return resource === 'pods' || POD_COMPUTE.has(resource);
    case 'BestEffort':
      return resource === 'pods';
    case 'VolumeAttributesClass':
      return PVC_RESOURCES.has(resource);
    default:
      return true;
  }
}

/** ValidateResourceQuotaResourceName (validateResourceName first). */
function validateResourceName(name: string, path: string): FieldError[] {
  // validateResourceName: a qualified name, and a standard one unless prefixed...
  const errs = isQualifiedName(name).map((m) => field.invalid(path, name, m));
  if (errs.length === 0 && !name.includes('/') && !STANDARD_RESOURCES.has(name) && !isQuotaHugePages(name)) {
    errs.push(field.invalid(path, name, 'must be a standard resource type or fully qualified'));
  }
  // ...then, whatever it found, an unprefixed name must be one quota knows.
  if (!name.includes('/') && !isStandardQuotaResourceName(name)) errs.push(field.invalid(path, name, IS_INVALID_QUOTA_RESOURCE));
  return errs;
}

/** ValidateResourceQuantityValue: not negative; whole for counted and extended resources. */
function validateQuantityValue(name: string, q: Quantity, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (q.nanos < 0n) errs.push(field.invalid(path, formatQuantity(q), IS_NEGATIVE_ERROR_MSG));
  if ((INTEGER_RESOURCES.has(name) || isExtendedResourceName(name)) && milliValue(q) % 1000 !== 0) {
    errs.push(field.invalid(path, formatQuantity(q), 'must be an integer'));
  }
  return errs;
}

/** One resource list (`spec.hard`, `status.used`), by sorted name. */
function validateList(list: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of Object.keys(list ?? {}).sort()) {
    const at = `${path}[${k}]`;
    errs.push(...validateResourceName(k, at));
    const raw = (list as Record<string, string>)[k] as string;
    try {
      errs.push(...validateQuantityValue(k, parseQuantity(raw), at));
    } catch (e) {
      // The decoder refuses these (400) before validation; reported here, as for pods.
      if (!isKubesimError(e, 'E_QUANTITY')) throw e;
      errs.push(field.invalid(at, raw, e.message));
    }
  }
  return errs;
}

function conflicting(scopes: ReadonlySet<string>): boolean[] {
  return [scopes.has('BestEffort') && scopes.has('NotBestEffort'), scopes.has('Terminating') && scopes.has('NotTerminating')];
}

/** validateResourceQuotaScopes: each scope known and valid for every standard hard resource. */
function validateScopes(spec: ResourceQuotaSpec): FieldError[] {
  const scopes = spec.scopes ?? [];
  if (scopes.length === 0) return [];
  const errs: FieldError[] = [];
  const hard = Object.keys(spec.hard ?? {}).sort();
  const seen = new Set<string>();
  for (const scope of scopes) {
    if (!STANDARD_QUOTA_SCOPES.has(scope)) errs.push(field.invalid('spec.scopes', scopes, 'unsupported scope'));
    for (const k of hard) {
      if (isStandardQuotaResourceName(k) && !scopeValidForResource(scope, k)) {
        errs.push(field.invalid('spec.scopes', scopes, 'unsupported scope applied to resource'));
      }
    }
    seen.add(scope);
  }
  for (const c of conflicting(seen)) if (c) errs.push(field.invalid('spec.scopes', scopes, 'conflicting scopes'));
  return errs;
}

/** The requirement as Go's struct marshals it (scopeName, operator, values). */
function requirementValue(r: ScopedResourceSelectorRequirement): object {
  return { scopeName: r.scopeName, operator: r.operator, ...(r.values !== undefined ? { values: r.values } : {}) };
}

/** validateScopedResourceSelectorRequirement. */
function validateScopeSelector(spec: ResourceQuotaSpec): FieldError[] {
  const selector = spec.scopeSelector;
  if (selector == null) return [];
  const path = 'spec.scopeSelector.matchExpressions';
  const errs: FieldError[] = [];
  const hard = Object.keys(spec.hard ?? {}).sort();
  const seen = new Set<string>();
  const selectorValue = { matchExpressions: (selector.matchExpressions ?? []).map(requirementValue) };
  for (const req of selector.matchExpressions ?? []) {
    if (!STANDARD_QUOTA_SCOPES.has(req.scopeName))
      errs.push(field.invalid(`${path}.scopeName`, req.scopeName, 'unsupported scope'));
    for (const k of hard) {
      if (isStandardQuotaResourceName(k) && !scopeValidForResource(req.scopeName, k)) {
        errs.push(field.invalid(path, selectorValue, 'unsupported scope applied to resource'));
      }
    }
    const existsOnly = ['BestEffort', 'NotBestEffort', 'Terminating', 'NotTerminating', 'CrossNamespacePodAffinity'];
    if (existsOnly.includes(req.scopeName) && req.operator !== 'Exists') {
      errs.push(field.invalid(`${path}.operator`, req.operator, EXISTS_ONLY));
    }
    const values = req.values ?? [];
    if (req.operator === 'In' || req.operator === 'NotIn') {
      if (values.length === 0) {
        errs.push(
          field.required(`${path}.values`, "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector"),
        );
      }
    } else if (req.operator === 'Exists' || req.operator === 'DoesNotExist') {
      if (values.length !== 0) {
        errs.push(
          field.invalid(
            `${path}.values`,
            values,
            "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector",
          ),
        );
      }
    } else errs.push(field.invalid(`${path}.operator`, req.operator, 'not a valid selector operator'));
    seen.add(req.scopeName);
  }
  // Upstream reports the pair against spec.scopes (its value), under the selector's path.
  for (const c of conflicting(seen)) if (c) errs.push(field.invalid(path, spec.scopes ?? null, 'conflicting scopes'));
  return errs;
}

/** ValidateResourceQuotaSpec. */
function validateSpec(spec: ResourceQuotaSpec): FieldError[] {
  return [...validateList(spec.hard, 'spec.hard'), ...validateScopes(spec), ...validateScopeSelector(spec)];
}

/**
 * ValidateResourceQuota (the object's metadata is checked by the caller). Its status half never
 * finds anything on a create: PrepareForCreate has emptied the status before validation runs.
 */
export function validateResourceQuota(q: ResourceQuota): FieldError[] {
  return validateSpec(q.spec ?? {});
}

/** ValidateResourceQuotaUpdate: the spec again, and the scopes may not change. */
export function validateResourceQuotaUpdate(old: ResourceQuota, next: ResourceQuota): FieldError[] {
  const errs = validateSpec(next.spec ?? {});
  const a = new Set(old.spec?.scopes ?? []);
  const b = new Set(next.spec?.scopes ?? []);
  if (a.size !== b.size || [...a].some((s) => !b.has(s))) {
    errs.push(field.invalid('spec.scopes', next.spec?.scopes ?? null, 'field is immutable'));
  }
  return errs;
}

/** ValidateResourceQuotaStatusUpdate: the status's resource names and values. */
export function validateResourceQuotaStatus(next: ResourceQuota): FieldError[] {
  return [...validateList(next.status?.hard, 'status.hard'), ...validateList(next.status?.used, 'status.used')];
}
