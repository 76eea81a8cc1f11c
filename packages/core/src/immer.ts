import { setAutoFreeze } from 'immer';

/**
 * Immer freezes every object it produces, which guards against a controller mutating a
 * snapshot but costs a deep walk on each write (a third of an engine's time). It is on under
 * the test suite (and with KUBESIM_FREEZE=1), where a mutation then throws; elsewhere kubesim
 * relies on what the tests established and runs without it.
 */
export function configureFreezing(): void {
  const env = typeof process === 'undefined' ? {} : process.env;
  setAutoFreeze(env.VITEST !== undefined || env.KUBESIM_FREEZE === '1');
}

configureFreezing();
