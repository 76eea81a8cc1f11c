import { type FieldError, field } from '../fieldErrors.js';
import type { PodDisruptionBudget, PodDisruptionBudgetSpec } from '../types.js';
import { validateLabelSelector } from './meta.js';
import { isNotMoreThan100Percent, validatePositiveIntOrPercent } from './workloads.js';

/** supportedUnhealthyPodEvictionPolicies, as sets.List prints them: sorted. */
const UNHEALTHY_POD_EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'] as const;

/**
 * The bad value of the both-set error is the internal spec struct itself; field.Error renders
 * it as JSON, and the internal type has no json tags, so its keys are the Go field names.
 */
function internalSpec(spec: PodDisruptionBudgetSpec): unknown {
  return {
    MinAvailable: spec.minAvailable ?? null,
    MaxUnavailable: spec.maxUnavailable ?? null,
    Selector: spec.selector ?? null,
    UnhealthyPodEvictionPolicy: spec.unhealthyPodEvictionPolicy ?? null,
  };
}

/** ValidatePodDisruptionBudgetSpec (pkg/apis/policy/validation). */
export function validatePodDisruptionBudgetSpec(spec: PodDisruptionBudgetSpec, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
    errs.push(field.invalid(path, internalSpec(spec), 'minAvailable and maxUnavailable cannot be both set'));
  }
  if (spec.minAvailable !== undefined) {
    errs.push(...validatePositiveIntOrPercent(spec.minAvailable, `${path}.minAvailable`));
    errs.push(...isNotMoreThan100Percent(spec.minAvailable, `${path}.minAvailable`));
  }
  if (spec.maxUnavailable !== undefined) {
    errs.push(...validatePositiveIntOrPercent(spec.maxUnavailable, `${path}.maxUnavailable`));
    errs.push(...isNotMoreThan100Percent(spec.maxUnavailable, `${path}.maxUnavailable`));
  }
  errs.push(...validateLabelSelector(spec.selector, `${path}.selector`));
  const policy = spec.unhealthyPodEvictionPolicy;
  if (policy !== undefined && !(UNHEALTHY_POD_EVICTION_POLICIES as readonly string[]).includes(policy)) {
    errs.push(field.notSupported(`${path}.unhealthyPodEvictionPolicy`, policy, UNHEALTHY_POD_EVICTION_POLICIES));
  }
  return errs;
}

/** ValidatePodDisruptionBudget: the spec (policy/v1 lets it change on update, so the same rules). */
export function validatePodDisruptionBudget(pdb: PodDisruptionBudget): FieldError[] {
  return validatePodDisruptionBudgetSpec(pdb.spec ?? {}, 'spec');
}

/** ValidatePodDisruptionBudgetStatusUpdate's counts: each non-negative. */
export function validatePodDisruptionBudgetStatus(pdb: PodDisruptionBudget): FieldError[] {
  const s = pdb.status;
  if (s === undefined) return [];
  const errs: FieldError[] = [];
  for (const k of ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods'] as const) {
    if (s[k] < 0) errs.push(field.invalid(`status.${k}`, s[k], 'must be greater than or equal to 0'));
  }
  return errs;
}
