// The end-to-end suite: a real VS Code (code-server) in Chromium with the packaged extension.
// Run it with `npm run test:e2e` (test/e2e/run.mjs checks the code-server cache first).
import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

/**
 * GRADLENS_E2E_HOST=web (run.mjs's second run): the files that run with the extension in the browser's
 * web worker extension host. web-host.e2e.test.ts runs there only; the others listed run in both hosts.
 * web-kernels.e2e.test.ts also runs in the web run only: the web build's kernels in Chromium on a page
 * of its own (cross-origin isolated and not), no code-server.
 */
export const WEB_HOST_FILES = [
  'web-host', 'web-kernels', 'activation', 'worked-example', 'editing', 'examples', 'features', 'teaching', 'teaching-views',
  'security', 'restricted', 'fair-scheduling', 'cnn-panel', 'layered-editor', 'lenet-import', 'export-model', 'lecture-timeline', 'compare-runs',
];
/** The files of the web run only. */
const WEB_ONLY_FILES = ['web-host', 'web-kernels'];

/**
 * The files that never run in the web worker extension host, each with its reason (also in
 * test/e2e/README.md, "Two extension hosts"). test/packaging/e2e-runs.test.ts fails on a file in
 * neither list, so a new file is put in the web run or given a reason.
 */
export const NODE_HOST_ONLY_FILES: Record<string, string> = {
  'node-host': "reads the Node extension host's log files from code-server's disk; the web worker host logs inside the browser (its output channel is checked by web-host and activation)",
  inhost: "runs the desktop test suite through extensionDevelopmentPath, which loads a development folder's Node entry in the Node extension host",
  demo: "attaches to npm run demo's own code-server, which opens the panel on activation through GRADLENS_DEMO, an environment variable of the Node extension host's process (the web worker host has no process; src/platform/README.md)",
  marketplace: "takes README's three screenshots, one set of which is enough; the web run's pictures of the same views are web-host's",
};

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
