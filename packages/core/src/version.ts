/** The kubesim version, as the root package.json names it (a test keeps them equal); log headers carry it. */
export const KUBESIM_VERSION = '0.1.0';
