/**
 * Runs once per end-to-end run, before any test file:
 *  1. packages the extension exactly as `npm run package` does (or takes GRADLENS_E2E_VSIX),
 *  2. installs that .vsix into a temporary extensions folder of the cached code-server,
 *  3. starts two code-servers on free ports of 127.0.0.1: one with workspace trust disabled
 *     (everything trusted) and one with workspace trust on (folders open in restricted mode),
 * and hands their addresses to the test files through `inject('gradlensE2E')`.
 *
 * GRADLENS_E2E_HOST=web (test/e2e/run.mjs's second run) forces the extension into the browser's web
 * worker extension host, as in vscode.dev: the user setting `remote.extensionKind` of both instances says
 * `["web"]` for it, so VS Code loads the package.json's `browser` entry (dist/web/extension.js) in a Web
 * Worker of the page instead of `main` in the Node extension host. VS Code's built-in Markdown
 * extension goes there too, as in vscode.dev, where every extension runs in the web worker host: the
 * Markdown preview finds GradLens's Markdown-it plugin (`extendMarkdownIt`, which renders the Explain
 * pages' KaTeX), CSS and fonts through `vscode.extensions.all`, which lists only its own host's
 * extensions, so a preview left in the Node host shows the formula blocks unrendered (a configuration
 * no user has). code-server ships that extension's Node build only, so the web run starts a copy of
 * the cached code-server whose Markdown extension has its browser build (scripts/lib/markdown-web.mjs).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import {
  codeServerInstalled,
  freePort,
  installExtension,
  missingCodeServerMessage,
  startCodeServer,
  writeUserSettings,
  QUIET_USER_SETTINGS,
  type RunningCodeServer,
} from '../../../scripts/lib/code-server.mjs';
import { manifest, packageExtension, repoRoot } from '../../../scripts/package.mjs';
import { MARKDOWN_EXTENSION_ID, markdownWebCodeServerEntry } from '../../../scripts/lib/markdown-web.mjs';
import type { E2EContext } from './context';

/** VS Code user settings for the test instances: quiet, offline, deterministic. */
const userSettings = {
  ...QUIET_USER_SETTINGS,
  'workbench.enableExperiments': false,
  'git.autoRepositoryDetection': false,
  'github.gitAuthentication': false,
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
  // Trust-enabled instance: never ask; an untrusted folder simply opens in restricted mode.
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.untrustedFiles': 'open',
};

function log(message: string): void {
  process.stdout.write(`[e2e] ${message}\n`);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!codeServerInstalled()) throw new Error(`\n\n${missingCodeServerMessage()}`);

  const started = Date.now();
  const root = mkdtempSync(path.join(tmpdir(), 'gradlens-e2e-'));
  // GRADLENS_E2E_SCREENSHOT_DIR: another folder for this run (test/e2e/run.mjs gives each run after the first its own).
  const screenshots = path.resolve(repoRoot, process.env.GRADLENS_E2E_SCREENSHOT_DIR || path.join('artifacts', 'screenshots'));
  const web = process.env.GRADLENS_E2E_HOST === 'web';
  rmSync(screenshots, { recursive: true, force: true });
  mkdirSync(screenshots, { recursive: true });

  const servers: RunningCodeServer[] = [];
  const teardown = async (): Promise<void> => {
    await Promise.all(servers.map((server) => server.stop()));
    if (process.env.GRADLENS_E2E_KEEP) log(`kept ${root} (GRADLENS_E2E_KEEP is set)`);
    else rmSync(root, { recursive: true, force: true });
  };

  try {
    let vsix = process.env.GRADLENS_E2E_VSIX ? path.resolve(process.env.GRADLENS_E2E_VSIX) : '';
    if (vsix) {
      log(`using ${vsix} (GRADLENS_E2E_VSIX)`);
    } else {
      vsix = packageExtension({ outFile: path.join(root, 'gradlens.vsix'), quiet: true });
      log(`packaged the extension (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }

    const { publisher, name } = manifest() as unknown as { publisher: string; name: string };
    const host = web ? 'web' : 'node';
    const settings = host === 'web' ? { ...userSettings, 'remote.extensionKind': { [`${publisher}.${name}`]: ['web'], [MARKDOWN_EXTENSION_ID]: ['web'] } } : userSettings;
    // The web run's code-server: the cached one with the Markdown extension's browser build added.
    const entry = host === 'web' ? markdownWebCodeServerEntry() : undefined;
    if (host === 'web') log(`the extension and VS Code's Markdown extension run in the web worker extension host (GRADLENS_E2E_HOST=web)`);

    const extensionsDir = path.join(root, 'extensions');
    const instances = { trusted: path.join(root, 'trusted'), restricted: path.join(root, 'restricted') };
    for (const dir of Object.values(instances)) writeUserSettings(path.join(dir, 'user-data'), settings);
    await installExtension({ vsix, extensionsDir, userDataDir: path.join(instances.trusted, 'user-data'), stateDir: instances.trusted });
    log(`installed the .vsix into ${extensionsDir}`);

    const start = async (trust: boolean, stateDir: string): Promise<RunningCodeServer> => {
      const server = await startCodeServer({
        port: await freePort(),
        userDataDir: path.join(stateDir, 'user-data'),
        extensionsDir,
        stateDir,
        trust,
        ...(entry ? { entry } : {}),
        env: process.env.GRADLENS_E2E_ENV ? JSON.parse(process.env.GRADLENS_E2E_ENV) : {},
      });
      servers.push(server);
      return server;
    };
    // One after the other: each picks its free port just before it binds it.
    const trusted = await start(true, instances.trusted);
    const restricted = await start(false, instances.restricted);
    log(`code-server listening: ${trusted.origin} (trusted), ${restricted.origin} (restricted); setup took ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const context: E2EContext = {
      host,
      root,
      repoRoot,
      vsix,
      extensionId: `${publisher}.${name}`,
      screenshots,
      servers: {
        trusted: { origin: trusted.origin, userDataDir: path.join(instances.trusted, 'user-data') },
        restricted: { origin: restricted.origin, userDataDir: path.join(instances.restricted, 'user-data') },
      },
    };
    project.provide('gradlensE2E', context);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
