import { KubesimError } from '../errors.js';
import type { IntOrString } from './types.js';

function intOrPercentError(message: string): KubesimError {
  return new KubesimError('E_INT_OR_PERCENT', `invalid value for IntOrString: ${message}`);
}

/** strconv.Atoi on a 64-bit platform: an optional sign and decimal digits, within int64. */
function atoi(s: string): { value: number } | { error: 'invalid syntax' | 'value out of range' } {
  if (!/^[+-]?[0-9]+$/.test(s)) return { error: 'invalid syntax' };
  const n = BigInt(s);
  if (n < -(1n << 63n) || n >= 1n << 63n) return { error: 'value out of range' };
  return { value: Number(n) };
}

/**
 * intstr.GetScaledValueFromIntOrPercent: an int is returned as is; `"N%"` is N percent of
 * total, rounded up (ceil) or down (floor) as asked. Upstream computes in float64; so does
 * JavaScript. Errors carry upstream's text.
 */
export function getScaledValueFromIntOrPercent(value: IntOrString, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  if (!value.endsWith('%')) throw intOrPercentError('invalid type: string is not a percentage');
  const trimmed = value.slice(0, -1);
  const n = atoi(trimmed);
  if ('error' in n) {
    throw intOrPercentError(
      `invalid value ${JSON.stringify(value)}: strconv.Atoi: parsing ${JSON.stringify(trimmed)}: ${n.error}`,
    );
  }
  const scaled = (n.value * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** The IsValidPercent regex: digits followed by `%`. */
export function isValidPercent(s: string): boolean {
  return /^[0-9]+%$/.test(s);
}

/** getIntOrPercentValue from apps validation: the number before `%`, or the int itself. */
export function intOrPercentValue(value: IntOrString): number {
  if (typeof value === 'number') return value;
  if (isValidPercent(value)) return Number.parseInt(value.slice(0, -1), 10);
  const n = atoi(value);
  return 'value' in n ? n.value : 0;
}
