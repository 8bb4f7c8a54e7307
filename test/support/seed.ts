/**
 * The seed property tests use (STYLE 4.4): `CTK_SEED` from the environment when set, otherwise
 * derived from the time of this test process and printed once so a failure can be replayed.
 */
function pickSeed(): number {
  const fromEnv = process.env['CTK_SEED'];
  if (fromEnv !== undefined && fromEnv !== '') {
    const parsed = Number(fromEnv);
    if (!Number.isSafeInteger(parsed)) throw new Error(`CTK_SEED must be an integer, got "${fromEnv}"`);
    return parsed;
  }
  const seed = Date.now() % 2_147_483_647;
  process.stdout.write(`[conductor-testkit] property tests use seed ${seed}; replay with CTK_SEED=${seed}\n`);
  return seed;
}

/** The seed for this test process. */
export const testSeed: number = pickSeed();
