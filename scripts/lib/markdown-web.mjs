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
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CODE_SERVER_VERSION, DEFAULT_CODE_SERVER_VERSION, codeServerDir, repoRoot } from './code-server.mjs';

/** The npm package whose `resources/` hold the Markdown extension's browser build (VS Code 1.100's release line). */
export const MARKDOWN_WEB_PACKAGE_NAME = '@codingame/monaco-vscode-markdown-language-features-default-extension';
/** Its version: 17.x is built from VS Code 1.100, the release of the default code-server (4.100.3). */
export const MARKDOWN_WEB_PACKAGE_VERSION = '17.0.0';
export const MARKDOWN_WEB_PACKAGE = `${MARKDOWN_WEB_PACKAGE_NAME}@${MARKDOWN_WEB_PACKAGE_VERSION}`;
/** The registry's `dist.integrity` of that tarball (`npm view <package>@17.0.0 dist.integrity`): checked before extracting. */
export const MARKDOWN_WEB_INTEGRITY =
  'sha512-VRMnaZW6IOm9caEHw0wHG9bAOxMA5LmW3xLMrXtRyqlv48/YWG8GIm+AVddQL4/qkibSljbjDUlVAG+d/6BN/w==';

/** The built-in Markdown extension's id, for `remote.extensionKind`. */
export const MARKDOWN_EXTENSION_ID = 'vscode.markdown-language-features';

const packageDir = path.join(repoRoot, '.cache', `markdown-web-${MARKDOWN_WEB_PACKAGE_VERSION}`);
/** What the marker files hold: a cache made for another package version is stale and made again. */
const markerContent = `${MARKDOWN_WEB_PACKAGE}\n`;

function markerMatches(marker) {
  return existsSync(marker) && readFileSync(marker, 'utf8') === markerContent;
}

/**
 * Throws one sentence unless the file's sha512 (base64, as npm's `integrity`) is `expected`:
 * a tarball with other bytes than the registry published is never extracted.
 */
export function checkTarballIntegrity(tarball, expected = MARKDOWN_WEB_INTEGRITY) {
  const actual = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  if (actual !== expected) {
    throw new Error(
      `The downloaded ${path.basename(tarball)} is not the published ${MARKDOWN_WEB_PACKAGE} (its sha512 is ${actual}, expected ${expected}); delete .cache/markdown-web-* and run again.`,
    );
  }
}

function npmPack(work) {
  try {
    execFileSync(
      'npm',
      ['pack', MARKDOWN_WEB_PACKAGE, '--pack-destination', work, '--silent', '--fetch-retries=1', '--fetch-timeout=60000'],
      { cwd: work, stdio: ['ignore', 'ignore', 'pipe'], timeout: 180_000 },
    );
  } catch {
    throw new Error(
      `The e2e web run needs VS Code's Markdown extension's browser build (${MARKDOWN_WEB_PACKAGE}), and \`npm pack\` could not fetch it from the npm registry (it gives up after 3 minutes): check the network and npm's registry and proxy settings, then run again.`,
    );
  }
}

/** The unpacked npm package's `resources/` in .cache (fetched once with `npm pack` from the registry). */
function browserBuild() {
  const resources = path.join(packageDir, 'package', 'resources');
  if (markerMatches(path.join(packageDir, '.ready')) && existsSync(path.join(resources, 'extension.js'))) return resources;
  const work = `${packageDir}.part`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  npmPack(work);
  const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack ${MARKDOWN_WEB_PACKAGE} left no tarball in ${work}.`);
  checkTarballIntegrity(path.join(work, tarball));
  execFileSync('tar', ['xzf', tarball], { cwd: work });
  writeFileSync(path.join(work, '.ready'), markerContent);
  rmSync(packageDir, { recursive: true, force: true });
  renameSync(work, packageDir);
  return resources;
}

/**
 * The entry.js of a copy of the cached code-server whose built-in Markdown extension has its browser
 * build (made once into .cache/code-server-VERSION-markdown-web: hard links where the file system
 * allows, so about no space; the cached install itself is never written to: each file put into the
 * copy first removes the link there, so nothing is written through a hard link).
 * Only for the default code-server: the graft is VS Code 1.100's Markdown extension.
 */
export function markdownWebCodeServerEntry() {
  if (CODE_SERVER_VERSION !== DEFAULT_CODE_SERVER_VERSION) {
    throw new Error(
      `The e2e web run needs code-server ${DEFAULT_CODE_SERVER_VERSION} (its Markdown extension's browser build is VS Code 1.100's), not ${CODE_SERVER_VERSION}: unset GRADLENS_CODE_SERVER_VERSION or use GRADLENS_E2E_HOST=node.`,
    );
  }
  const dest = path.join(repoRoot, '.cache', `code-server-${CODE_SERVER_VERSION}-markdown-web`);
  const entry = path.join(dest, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const marker = path.join(dest, '.markdown-web-ready');
  if (markerMatches(marker) && existsSync(entry)) return entry;
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
  for (const file of ['extension.js', 'serverWorkerMain.js']) {
    const target = path.join(browser, file);
    rmSync(target, { force: true }); // a hard link into the shared install: unlink, never write through it
    cpSync(path.join(resources, file), target);
  }
  writeFileSync(path.join(work, '.markdown-web-ready'), markerContent);
  rmSync(dest, { recursive: true, force: true });
  renameSync(work, dest);
  return entry;
}
