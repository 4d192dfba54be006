// The end-to-end suite: a real VS Code (code-server) in Chromium with the packaged extension.
// Run it with `npm run test:e2e` (test/e2e/run.mjs checks the code-server cache first).
import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

/**
 * GRADLENS_E2E_HOST=web (run.mjs's second run): the files that run with the extension in the browser's
 * web worker extension host. web-host.e2e.test.ts runs there only; the others listed run in both hosts.
 * web-kernels.e2e.test.ts also runs in the web run only: the web build's kernels in Chromium on a page
 * of its own (cross-origin isolated and not), no code-server.
 * The files not here, and why: test/e2e/README.md, "Two extension hosts".
 */
export const WEB_HOST_FILES = ['web-host', 'web-kernels', 'worked-example', 'features', 'teaching', 'security'];
/** The files of the web run only. */
const WEB_ONLY_FILES = ['web-host', 'web-kernels'];

const web = process.env.GRADLENS_E2E_HOST === 'web';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: web ? WEB_HOST_FILES.map((name) => `test/e2e/${name}.e2e.test.ts`) : ['test/e2e/**/*.e2e.test.ts'],
    exclude: web ? [] : [...WEB_ONLY_FILES.map((name) => `test/e2e/${name}.e2e.test.ts`), '**/node_modules/**'],
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
