import fc from 'fast-check';

/**
 * Property tests run with one fixed seed, so CI is repeatable and a red run can be replayed.
 * Explore other cases with `RECURRA_FC_SEED=<n> npm test` (a failure prints its seed and path).
 */
fc.configureGlobal({ seed: Number(process.env.RECURRA_FC_SEED ?? 20261125) });
