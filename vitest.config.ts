import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    // a browser test on CI's two busy CPUs (load 8–12 with Chromium beside the app) runs 2–3 ×
    // slower than on a quiet machine: 60 s ran out for tests that take 25 s alone
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    env: { TZ: 'Europe/Helsinki' },
  },
});
