import { defineConfig } from 'vitest/config';

/**
 * Test files that need a module graph of their own: the browser tests (a Chromium each, and
 * heavy enough that a fresh import is a small part of them) and the search without Voikko
 * (PERHEVERKKO_VOIKKO=off before its modules load). The rest share their worker's modules
 * (isolate: false): importing the application once per worker instead of once per file saved
 * about 300 s of CI's summed import time (docs/decisions/0021-shared-test-modules.md).
 */
const ISOLATED = ['test/e2e/**/*.test.ts', 'test/**/*.browser.test.ts', 'test/search-fallback.test.ts'];

export default defineConfig({
  test: {
    // a browser test on CI's two busy CPUs (load 8–12 with Chromium beside the app) runs 2–3 ×
    // slower than on a quiet machine: 60 s ran out for tests that take 25 s alone
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    env: { TZ: 'Europe/Helsinki' },
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
          exclude: ISOLATED,
          isolate: false,
        },
      },
      {
        extends: true,
        test: { name: 'isolated', include: ISOLATED },
      },
    ],
  },
});
