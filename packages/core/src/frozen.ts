import { freeze } from 'immer';
import { FREEZING } from './immer.js';

/**
 * Objects the reducer builds without immer, frozen the way immer freezes what it produces:
 * under the test suite (and with KUBESIM_FREEZE=1) only, as kubesim's immer instance does, so that
 * a controller mutating a snapshot, or a shared sub-object (a defaulted spec many pods hold),
 * throws in the tests instead of corrupting the store.
 */
export function frozenInTests<T>(value: T): T {
  if (FREEZING) freeze(value, true);
  return value;
}
