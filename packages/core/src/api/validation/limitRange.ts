import { isKubesimError } from '../../errors.js';
import { type FieldError, field } from '../fieldErrors.js';
import { formatQuantity, milliValue, parseQuantity, type Quantity } from '../quantity.js';
import type { LimitRange } from '../types.js';
import { isQualifiedName } from './names.js';
import { isOvercommitAllowed, validateContainerResourceName } from './pod.js';

/**
 * ValidateLimitRange (pkg/apis/core/validation, v1.34). Go ranges over maps in random order;
 * kubesim goes through each map's keys sorted, so the error order is one fixed choice of
 * upstream's possible orders. Invalid values are printed as the quantity's canonical string.
 */

/** helper.IsStandardLimitRangeType. */
const STANDARD_LIMIT_TYPES = new Set(['Pod', 'Container', 'PersistentVolumeClaim']);

/** resource.MaxMilliValue: the largest value whose milli value fits in an int64. */
const MAX_MILLI_VALUE = 9223372036854775807n / 1000n;

function cmp(a: Quantity, b: Quantity): number {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

/** Quantity.Value() as a bigint (rounded up), for the int64 overflow checks. */
function bigValue(q: Quantity): bigint {
  const v = q.nanos / 1_000_000_000n;
  return v * 1_000_000_000n === q.nanos || q.nanos < 0n ? v : v + 1n;
}

/** validateLimitRangeTypeName: a qualified name, and a standard type unless prefixed. */
function validateTypeName(value: string, path: string): FieldError[] {
  const errs = isQualifiedName(value).map((m) => field.invalid(path, value, m));
  if (errs.length > 0) return errs;
  if (!value.includes('/') && !STANDARD_LIMIT_TYPES.has(value)) {
    return [field.invalid(path, value, 'must be a standard limit type or fully qualified')];
  }
  return [];
}

/**
 * validateLimitRangeResourceName: container resource names for Pod and Container. Other
 * types use validateResourceName, which kubesim does not port: their names pass.
 */
function validateResourceName(type: string, name: string, path: string): FieldError[] {
  if (type === 'Pod' || type === 'Container') return validateContainerResourceName(name, path);
  return [];
}

/** The map's quantities by sorted name; one that does not parse is reported as pod validation does. */
function sortedEntries(m: Record<string, string> | undefined, path: string, errs: FieldError[]): [string, Quantity][] {
  const out: [string, Quantity][] = [];
  for (const k of Object.keys(m ?? {}).sort()) {
    const value = (m as Record<string, string>)[k] as string;
    try {
      out.push([k, parseQuantity(value)]);
    } catch (e) {
      // Upstream's decoder refuses these (400) before validation; reported here, as for pods.
      if (!isKubesimError(e, 'E_QUANTITY')) throw e;
      errs.push(field.invalid(`${path}[${k}]`, value, e.message));
    }
  }
  return out;
}

export function validateLimitRange(lr: LimitRange): FieldError[] {
  const errs: FieldError[] = [];
  const seenTypes = new Set<string>();
  (lr.spec?.limits ?? []).forEach((limit, i) => {
    const idx = `spec.limits[${i}]`;
    errs.push(...validateTypeName(limit.type ?? '', `${idx}.type`));
    if (seenTypes.has(limit.type)) errs.push(field.duplicate(`${idx}.type`, limit.type));
    seenTypes.add(limit.type);
    const keys = new Set<string>();
    const collect = (name: keyof typeof limit, into: Map<string, Quantity>): void => {
      for (const [k, q] of sortedEntries(limit[name] as Record<string, string> | undefined, `${idx}.${name}`, errs)) {
        errs.push(...validateResourceName(limit.type, k, `${idx}.${name}[${k}]`));
        keys.add(k);
        into.set(k, q);
      }
    };
    const max = new Map<string, Quantity>();
    const min = new Map<string, Quantity>();
    const defaults = new Map<string, Quantity>();
    const defaultRequests = new Map<string, Quantity>();
    const ratios = new Map<string, Quantity>();
    collect('max', max);
    collect('min', min);
    if (limit.type === 'Pod') {
      if (Object.keys(limit.default ?? {}).length > 0) {
        errs.push(field.forbidden(`${idx}.default`, "may not be specified when `type` is 'Pod'"));
      }
      if (Object.keys(limit.defaultRequest ?? {}).length > 0) {
        errs.push(field.forbidden(`${idx}.defaultRequest`, "may not be specified when `type` is 'Pod'"));
      }
    } else {
      collect('default', defaults);
      collect('defaultRequest', defaultRequests);
    }
    if (limit.type === 'PersistentVolumeClaim' && limit.min?.storage === undefined && limit.max?.storage === undefined) {
      errs.push(field.required(`${idx}.limits`, 'either minimum or maximum storage value is required, but neither was provided'));
    }
    collect('maxLimitRequestRatio', ratios);
    const s = formatQuantity;
    for (const k of [...keys].sort()) {
      const mn = min.get(k);
      const mx = max.get(k);
      const def = defaults.get(k);
      const req = defaultRequests.get(k);
      const ratio = ratios.get(k);
      if (mn && mx && cmp(mn, mx) > 0) {
        errs.push(field.invalid(`${idx}.min[${k}]`, s(mn), `min value ${s(mn)} is greater than max value ${s(mx)}`));
      }
      if (req && mn && cmp(mn, req) > 0) {
        errs.push(
          field.invalid(
            `${idx}.defaultRequest[${k}]`,
            s(req),
            `min value ${s(mn)} is greater than default request value ${s(req)}`,
          ),
        );
      }
      if (req && mx && cmp(req, mx) > 0) {
        errs.push(
          field.invalid(
            `${idx}.defaultRequest[${k}]`,
            s(req),
            `default request value ${s(req)} is greater than max value ${s(mx)}`,
          ),
        );
      }
      if (req && def && cmp(req, def) > 0) {
        errs.push(
          field.invalid(
            `${idx}.defaultRequest[${k}]`,
            s(req),
            `default request value ${s(req)} is greater than default limit value ${s(def)}`,
          ),
        );
      }
      // Upstream reports the min (not the default) as the bad value here, and the max below.
      if (def && mn && cmp(mn, def) > 0) {
        errs.push(field.invalid(`${idx}.default[${k}]`, s(mn), `min value ${s(mn)} is greater than default value ${s(def)}`));
      }
      if (def && mx && cmp(def, mx) > 0) {
        errs.push(field.invalid(`${idx}.default[${k}]`, s(mx), `default value ${s(def)} is greater than max value ${s(mx)}`));
      }
      if (ratio && ratio.nanos < 1_000_000_000n) {
        errs.push(field.invalid(`${idx}.maxLimitRequestRatio[${k}]`, s(ratio), `ratio ${s(ratio)} is less than 1`));
      }
      if (ratio && mn && mx) {
        let ratioValue = Number(bigValue(ratio));
        let minValue = Number(bigValue(mn));
        let maxValue = Number(bigValue(mx));
        if (bigValue(ratio) < MAX_MILLI_VALUE && bigValue(mn) < MAX_MILLI_VALUE && bigValue(mx) < MAX_MILLI_VALUE) {
          ratioValue = milliValue(ratio) / 1000;
          minValue = milliValue(mn);
          maxValue = milliValue(mx);
        }
        const limitRatio = maxValue / minValue;
        if (ratioValue > limitRatio) {
          // %f: six decimals.
          errs.push(
            field.invalid(
              `${idx}.maxLimitRequestRatio[${k}]`,
              s(ratio),
              `ratio ${s(ratio)} is greater than max/min = ${limitRatio.toFixed(6)}`,
            ),
          );
        }
      }
      if (!isOvercommitAllowed(k) && def && req && cmp(def, req) !== 0) {
        errs.push(
          field.invalid(
            `${idx}.defaultRequest[${k}]`,
            s(req),
            `default value ${s(def)} must equal to defaultRequest value ${s(req)} in ${k}`,
          ),
        );
      }
    }
  });
  return errs;
}
