// The end-to-end suite: a real VS Code (code-server) in Chromium with the packaged extension.
// Run it with `npm run test:e2e` (test/e2e/run.mjs checks the code-server cache first).
import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/harness/globalSetup.ts'],
    // One window at a time: two cores, and each window has its own extension host.
    fileParallelism: false,
    maxWorkers: 1,
    // Hang bounds (a test's own waits are shorter): generous, so a busy or single-core machine is only slower.
    testTimeout: 180_000,
    hookTimeout: 360_000,
    teardownTimeout: 30_000,
    passWithNoTests: false,
  },
});
