import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/harness/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Most of an integration test's time is spent waiting (IDLE notifications, leases, servers starting), so four
    // files at a time fill two cores: measured on a clean run here, 2 workers took 416 s and 4 took 225–263 s,
    // all 1,158 tests passing (user CPU ~1.6 cores). More would only queue on the CPU.
    maxWorkers: 4,
    reporters: ['default'],
  },
});
