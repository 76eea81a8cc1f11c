import { Immer } from 'immer';

/**
 * kubesim's own immer instance: a library must not change the process-wide immer settings
 * (`setAutoFreeze`), which would change the behaviour of its user's own immer code. Every
 * `produce` in the packages comes from here.
 *
 * Immer freezes every object it produces, which guards against a controller mutating a
 * snapshot but costs a deep walk on each write (a third of an engine's time). It is on under
 * the test suite (and with KUBESIM_FREEZE=1), where a mutation then throws; elsewhere kubesim
 * relies on what the tests established and runs without it.
 */
const env: Record<string, string | undefined> = typeof process === 'undefined' ? {} : process.env;

/** Whether kubesim's immer freezes what it produces (under vitest or KUBESIM_FREEZE=1). */
export const FREEZING: boolean = env.VITEST !== undefined || env.KUBESIM_FREEZE === '1';

const immer = new Immer({ autoFreeze: FREEZING });

/** kubesim's `produce`: immer's, on kubesim's own instance. */
export const produce: Immer['produce'] = immer.produce;
