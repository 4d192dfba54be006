import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: {
    // Host code imports `vscode`; unit tests get a small hand-written fake instead.
    alias: { vscode: fileURLToPath(new URL('./test/fakes/vscode.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    // Hang bounds, not speed limits: on a 2-core machine shared with other work (load 30-40) a test
    // or a hook that starts processes or a browser can take tens of seconds.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
