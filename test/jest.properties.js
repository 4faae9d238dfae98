// fast-check's settings for every property test: a new random seed each run unless PIVOT_SEED
// is set (a failure prints its seed and the smallest failing case, so PIVOT_SEED=<seed> repeats
// it), and fast-check's default number of runs unless PIVOT_PROPERTY_RUNS asks for more (the
// full suite does).
const fc = require('fast-check');

const seed = process.env.PIVOT_SEED;
const runs = process.env.PIVOT_PROPERTY_RUNS;
fc.configureGlobal({
	...(seed ? { seed: Number(seed) } : {}),
	...(runs ? { numRuns: Number(runs) } : {}),
});
