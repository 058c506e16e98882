import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/harness/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Most of an integration test's time is spent waiting (IDLE notifications, leases, servers starting), so more
    // files than cores run at once. Measured here on two cores, all 1,158 tests: 2 workers 416 s; 3 workers 281 s;
    // 4 workers 225–304 s, but with more load-bound races to chase. Three is the margin between the two.
    maxWorkers: 3,
    reporters: ['default'],
  },
});
