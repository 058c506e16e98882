import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/harness/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start processes and servers; two cores do not gain from more parallel files.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
