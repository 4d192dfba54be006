// esbuild options of the web extension (the browser's web worker extension host: vscode.dev, github.dev),
// shared by scripts/build.mjs and test/architecture/web-bundle-imports-no-node.test.ts.
//   dist/web/extension.js  the extension (CommonJS, as the web worker extension host loads it; `vscode` external)
//   dist/web/worker.js     the analysis worker as a Web Worker (src/worker/analysisWorker.web.ts)
// Both target the browser (platform 'browser': no Node built-in can be bundled). Where the extension
// host matters, a module src/platform/X.ts has a twin src/platform/X.web.ts with the same exports;
// the plugin below puts the twin in the browser bundle (src/platform/README.md).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { commonBuildOptions, packageVersion, repoRoot } from './buildOptions.mjs';

const PLATFORM_DIR = path.join(repoRoot, 'src', 'platform');

/** Resolves `…/platform/X` to `src/platform/X.web.ts` when that twin exists. */
export const webPlatformPlugin = {
  name: 'gradlens-web-platform',
  setup(build) {
    build.onResolve({ filter: /(^|\/)platform\/[A-Za-z]+$/ }, (args) => {
      const resolved = path.resolve(args.resolveDir, args.path);
      if (path.dirname(resolved) !== PLATFORM_DIR) return undefined;
      const twin = `${resolved}.web.ts`;
      return existsSync(twin) ? { path: twin } : undefined;
    });
  },
};

/** The browser builds: [extension, worker]. */
export function browserBuildOptions({ production = false } = {}) {
  const common = {
    ...commonBuildOptions({ production }),
    platform: 'browser',
    // Chrome 102: the Chromium of VS Code 1.75's webviews and web workers (as dist/webview.js).
    target: ['es2022', 'chrome102'],
    mainFields: ['browser', 'module', 'main'],
    define: { GRADLENS_VERSION: JSON.stringify(packageVersion()) },
    plugins: [webPlatformPlugin],
    absWorkingDir: repoRoot,
  };
  return [
    { ...common, entryPoints: [path.join(repoRoot, 'src', 'extension.ts')], outfile: path.join(repoRoot, 'dist', 'web', 'extension.js'), format: 'cjs', external: ['vscode'] },
    { ...common, entryPoints: [path.join(repoRoot, 'src', 'worker', 'analysisWorker.web.ts')], outfile: path.join(repoRoot, 'dist', 'web', 'worker.js'), format: 'iife' },
  ];
}
