import fc from 'fast-check';

// CI runs every property with one seed, so a run on a clean clone is reproducible (and a
// failure there names a counterexample that replays); elsewhere each run explores new cases.
// FC_SEED picks a seed anywhere.
const seed = process.env.FC_SEED ?? (process.env.CI ? '20261206' : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });
