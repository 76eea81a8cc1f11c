import { freeze } from 'immer';

/**
 * Objects the reducer builds without immer, frozen the way immer freezes what it produces:
 * under the test suite (and with KUBESIM_FREEZE=1) only, as immer.ts configures immer, so that
 * a controller mutating a snapshot, or a shared sub-object (a defaulted spec many pods hold),
 * throws in the tests instead of corrupting the store.
 */
const env: Record<string, string | undefined> = typeof process === 'undefined' ? {} : process.env;
const enabled = env.VITEST !== undefined || env.KUBESIM_FREEZE === '1';

export function frozenInTests<T>(value: T): T {
  if (enabled) freeze(value, true);
  return value;
}
