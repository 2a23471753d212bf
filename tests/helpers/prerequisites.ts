/**
 * Skip or fail, for tests that need a part of the machine (Chromium, Flink's spec file, root for
 * network namespaces). On a developer's machine a missing part skips the test with its reason; on
 * CI every test must run, so a missing part fails it instead of letting the run pass by skipping.
 */

/** Why a missing part fails here instead of skipping, or undefined: CI (`CI` set, as CI services do) and `npm run docs:screenshots`. */
const mustRun = ((): string | undefined => {
  const ci = process.env.CI;
  if (ci && ci !== 'false' && ci !== '0') return `CI=${ci}`;
  if (process.env.SLUICE_SCREENSHOTS === '1') return 'SLUICE_SCREENSHOTS=1';
  return undefined;
})();

/**
 * The `skip` option of a test that needs a part: false when nothing is missing (`missing` is
 * false), so the test runs; else `missing`, the reason it skips with. Where every test must run
 * (see above) it throws instead, naming the part, so the test file fails. Call it at module load
 * or in a `before` hook: either way every test of the file fails.
 */
export function skipUnlessPresent(missing: string | false): string | false {
  if (missing && mustRun) throw new Error(`${missing}; with ${mustRun} this test must run, not skip`);
  return missing;
}
