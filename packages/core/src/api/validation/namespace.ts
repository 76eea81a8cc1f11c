import { type FieldError, field } from '../fieldErrors.js';
import type { Namespace } from '../types.js';
import { isQualifiedName } from './names.js';

/** helper.IsStandardFinalizerName: the finalizers Kubernetes itself defines. */
const STANDARD_FINALIZERS: ReadonlySet<string> = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/**
 * validateFinalizerName (pkg/apis/core/validation): a qualified name, and one without a
 * `/` prefix must be a standard finalizer.
 */
export function validateFinalizerName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((msg) => field.invalid(path, name, msg));
  if (errs.length > 0) return errs;
  if (!name.includes('/') && !STANDARD_FINALIZERS.has(name)) {
    return [field.invalid(path, name, 'name is neither a standard finalizer name nor is it fully qualified')];
  }
  return [];
}

/** ValidateNamespace after ValidateObjectMeta: spec.finalizers (its path names no index, as upstream's). */
export function validateNamespace(ns: Namespace): FieldError[] {
  return (ns.spec?.finalizers ?? []).flatMap((f) => validateFinalizerName(f, 'spec.finalizers'));
}
