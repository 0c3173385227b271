/**
 * Runs before the test suite (`deno task test`): installs the system packages
 * the tests need, once, so that test files running in parallel never race to
 * install them. Without root it only says what is missing; the tests that need
 * it then fail with the same advice.
 *
 *   deno run -A scripts/test_setup.ts
 *
 * @module
 */
import { ensurePackage, TEST_PACKAGES } from "../tests/_util/system_packages.ts";

const say = (line: string) => console.error(`test setup: ${line}`);
for (const p of TEST_PACKAGES) {
  try {
    await ensurePackage(p, say);
  } catch (err) {
    say((err as Error).message);
  }
}
