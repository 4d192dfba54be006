// VS Code's built-in Markdown extension (vscode.markdown-language-features) as it runs in vscode.dev:
// in the browser's web worker extension host. For the end-to-end suite's web run (test/e2e/harness/globalSetup.ts).
//
// Why: GradLens renders the Explain pages' formulas through VS Code's Markdown preview, which calls the
// `extendMarkdownIt` that GradLens's `activate()` returns (the `markdown.markdownItPlugins`
// contribution) and loads its `markdown.previewStyles` (KaTeX's CSS and fonts). The Markdown extension
// finds those contributions in `vscode.extensions.all`, which lists only the extensions of its own
// extension host (and another host's `exports` are always undefined). In vscode.dev both extensions
// run in the web worker host; in desktop VS Code and code-server both run in the Node host. But
// code-server ships the Markdown extension's Node build only (its package.json names
// `./dist/browser/extension`, which is not there), so with GradLens alone forced into the web worker
// host the preview stays in the Node host and never sees GradLens's plugin, CSS or fonts: a
// configuration no user has.
//
// So the web run uses a copy of the cached code-server (hard links, made once into .cache) whose
// built-in Markdown extension has its browser build: the `dist/browser/` bundle of the same extension,
// as published on npm by @codingame for the monaco-vscode-api (fetched once with `npm pack`). The
// user setting `remote.extensionKind` then puts it into the web worker host beside GradLens.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CODE_SERVER_VERSION, codeServerDir, repoRoot } from './code-server.mjs';

/** The npm package whose `resources/` hold the Markdown extension's browser build (VS Code 1.100's release line). */
export const MARKDOWN_WEB_PACKAGE = '@codingame/monaco-vscode-markdown-language-features-default-extension@17.0.0';

/** The built-in Markdown extension's id, for `remote.extensionKind`. */
export const MARKDOWN_EXTENSION_ID = 'vscode.markdown-language-features';

const packageDir = path.join(repoRoot, '.cache', 'markdown-web-17.0.0');

/** The unpacked npm package's `resources/` in .cache (fetched once with `npm pack` from the registry). */
function browserBuild() {
  const resources = path.join(packageDir, 'package', 'resources');
  if (existsSync(path.join(resources, 'extension.js'))) return resources;
  const work = `${packageDir}.part`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  execFileSync('npm', ['pack', MARKDOWN_WEB_PACKAGE, '--pack-destination', work, '--silent'], { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });
  const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack ${MARKDOWN_WEB_PACKAGE} left no tarball in ${work}`);
  execFileSync('tar', ['xzf', tarball], { cwd: work });
  rmSync(packageDir, { recursive: true, force: true });
  renameSync(work, packageDir);
  return resources;
}

/**
 * The entry.js of a copy of the cached code-server whose built-in Markdown extension has its browser
 * build (made once into .cache/code-server-VERSION-markdown-web: hard links where the file system
 * allows, so about no space; the cached install itself is never written to).
 */
export function markdownWebCodeServerEntry() {
  const dest = path.join(repoRoot, '.cache', `code-server-${CODE_SERVER_VERSION}-markdown-web`);
  const entry = path.join(dest, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const marker = path.join(dest, '.markdown-web-ready');
  if (existsSync(marker) && existsSync(entry)) return entry;
  const resources = browserBuild();
  const work = `${dest}.part`;
  rmSync(work, { recursive: true, force: true });
  try {
    execFileSync('cp', ['-al', `${codeServerDir}/.`, work], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch {
    rmSync(work, { recursive: true, force: true });
    execFileSync('cp', ['-a', `${codeServerDir}/.`, work]); // another file system: a full copy
  }
  const browser = path.join(work, 'node_modules', 'code-server', 'lib', 'vscode', 'extensions', 'markdown-language-features', 'dist', 'browser');
  mkdirSync(browser, { recursive: true });
  for (const file of ['extension.js', 'serverWorkerMain.js']) cpSync(path.join(resources, file), path.join(browser, file));
  writeFileSync(path.join(work, '.markdown-web-ready'), `${MARKDOWN_WEB_PACKAGE}\n`);
  rmSync(dest, { recursive: true, force: true });
  renameSync(work, dest);
  return entry;
}
