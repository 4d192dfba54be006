// Starting the cached code-server (a complete VS Code 1.100 served to a browser) for the demo and the
// end-to-end suite. code-server itself is installed by scripts/setup-code-server.sh.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The code-server the demo and the e2e suite use by default (VS Code 1.100.3). */
export const DEFAULT_CODE_SERVER_VERSION = '4.100.3';
/**
 * GRADLENS_CODE_SERVER_VERSION=4.10.0 runs the suite in an older release (VS Code 1.75.1, the oldest
 * engines.vscode claims), installed by `GRADLENS_CODE_SERVER_VERSION=4.10.0 npm run setup:code-server`
 * into .cache/code-server-4.10.0.
 */
export const CODE_SERVER_VERSION = process.env.GRADLENS_CODE_SERVER_VERSION || DEFAULT_CODE_SERVER_VERSION;
/**
 * The oldest release the suite's core files run in as part of `npm test` (test/e2e/run.mjs): VS Code
 * 1.75.1, the oldest `engines.vscode` admits (docs/DEVELOPING.md, "The oldest VS Code GradLens supports").
 */
export const OLDEST_CODE_SERVER_VERSION = '4.10.0';
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The cache folder of one code-server release: .cache/code-server for the default, .cache/code-server-VERSION for others. */
export function codeServerDirFor(version = CODE_SERVER_VERSION) {
  if (process.env.GRADLENS_CODE_SERVER_DIR && version === CODE_SERVER_VERSION) return path.resolve(process.env.GRADLENS_CODE_SERVER_DIR);
  return path.join(repoRoot, '.cache', version === DEFAULT_CODE_SERVER_VERSION ? 'code-server' : `code-server-${version}`);
}

export const codeServerDir = codeServerDirFor(CODE_SERVER_VERSION);
export const codeServerEntry = path.join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const codeServerMarker = path.join(codeServerDir, `.installed-${CODE_SERVER_VERSION}`);

/** Whether that release is installed (its marker and entry point exist); the one this process uses by default. */
export function codeServerInstalled(version = CODE_SERVER_VERSION) {
  const dir = codeServerDirFor(version);
  return existsSync(path.join(dir, `.installed-${version}`)) && existsSync(path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'));
}

export function missingCodeServerMessage(version = CODE_SERVER_VERSION) {
  return (
    `code-server ${version} is not installed in ${codeServerDirFor(version)}.\n` +
    'Install it once (about two minutes, offline from the npm registry) with:\n\n' +
    `    ${version === DEFAULT_CODE_SERVER_VERSION ? '' : `GRADLENS_CODE_SERVER_VERSION=${version} `}npm run setup:code-server\n`
  );
}

/** Resolves a TCP port that is free on host, trying `preferred` first (0: any free port). */
export async function freePort(preferred = 0, host = '127.0.0.1') {
  const tryPort = (port) =>
    new Promise((resolve) => {
      const server = net.createServer();
      server.unref();
      server.once('error', () => resolve(undefined));
      server.listen({ port, host, exclusive: true }, () => {
        const { port: bound } = server.address();
        server.close(() => resolve(bound));
      });
    });
  if (preferred) {
    for (let port = preferred; port < preferred + 20; port++) {
      const found = await tryPort(port);
      if (found) return found;
    }
  }
  const any = await tryPort(0);
  if (!any) throw new Error(`no free TCP port on ${host}`);
  return any;
}

/**
 * The environment for code-server: its own config and data folders, never the user's home. The
 * password, if any, goes here, not on the command line where `ps` shows it: as its SHA-256
 * ($HASHED_PASSWORD). With a plain $PASSWORD code-server checks the session cookie of every request
 * with argon2, which makes a workbench (hundreds of requests) take tens of seconds to load on a busy
 * machine; with a hash it compares the cookie. The password is 192 random bits, so a fast hash is
 * no weaker.
 */
function codeServerEnv(stateDir, extra = {}, password) {
  const env = { ...process.env, ...extra };
  env.XDG_CONFIG_HOME = path.join(stateDir, 'xdg-config');
  env.XDG_DATA_HOME = path.join(stateDir, 'xdg-data');
  delete env.PORT; // code-server reads $PORT; the port is always given with --bind-addr.
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;
  if (password) env.HASHED_PASSWORD = createHash('sha256').update(password).digest('hex');
  delete env.VSCODE_IPC_HOOK_CLI; // started from a VS Code terminal, it would talk to that VS Code instead
  return env;
}

/** A config file of its own, so code-server neither reads nor writes ~/.config/code-server/config.yaml. */
function writeConfig(stateDir) {
  mkdirSync(stateDir, { recursive: true });
  const configFile = path.join(stateDir, 'code-server.yaml');
  writeFileSync(configFile, '# written by GradLens scripts/lib/code-server.mjs; the rest is given on the command line\nauth: none\n');
  return configFile;
}

function run(args, { env, timeoutMs = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [codeServerEntry, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`code-server ${args.join(' ')} failed (${code ?? signal}):\n${output}`));
    });
  });
}

/**
 * Installs a .vsix into extensionsDir (the way a user installs a downloaded extension), replacing
 * any installed version. Returns code-server's output.
 */
export async function installExtension({ vsix, extensionsDir, userDataDir, stateDir }) {
  mkdirSync(extensionsDir, { recursive: true });
  mkdirSync(userDataDir, { recursive: true });
  const state = stateDir ?? path.dirname(userDataDir);
  const output = await run(
    ['--config', writeConfig(state), '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix, '--force'],
    { env: codeServerEnv(state) },
  );
  if (!/successfully installed/i.test(output)) throw new Error(`installing ${vsix} did not report success:\n${output}`);
  return output;
}

/** Writes the VS Code user settings of a code-server user data folder. */
/** User settings that keep a code-server quiet, offline and deterministic (the demo and the e2e suite). */
export const QUIET_USER_SETTINGS = Object.freeze({
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'json.schemaDownload.enable': false,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
});

export function writeUserSettings(userDataDir, settings) {
  const dir = path.join(userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
}

/**
 * code-server's command line. With a `password`, `--auth password` (the password itself is passed in
 * the environment); without one, `--auth none`.
 */
export function codeServerArgs({ port, host = '127.0.0.1', userDataDir, extensionsDir, configFile, trust = true, folder, password }) {
  return [
    '--config', configFile,
    '--auth', password ? 'password' : 'none',
    '--bind-addr', `${host}:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--ignore-last-opened',
    ...(trust ? ['--disable-workspace-trust'] : []),
    ...(folder ? [folder] : []),
  ];
}

/**
 * Starts code-server and resolves when it listens. `trust: false` leaves VS Code's workspace trust
 * on (folders open in restricted mode unless trusted); `trust: true` passes --disable-workspace-trust.
 * With `password`, code-server asks for it (`--auth password`). `entry`: another install's entry.js
 * (the e2e web run's, scripts/lib/markdown-web.mjs).
 * Returns { port, host, origin, process, stop(), output() }.
 */
export async function startCodeServer({
  port,
  host = '127.0.0.1',
  userDataDir,
  extensionsDir,
  stateDir = path.dirname(userDataDir),
  trust = true,
  folder,
  env = {},
  timeoutMs = 90_000,
  onOutput,
  password,
  entry = codeServerEntry,
}) {
  const configFile = writeConfig(stateDir);
  const args = codeServerArgs({ port, host, userDataDir, extensionsDir, configFile, trust, folder, password });
  const child = spawn(process.execPath, [entry, ...args], {
    env: codeServerEnv(stateDir, env, password),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: process.platform !== 'win32', // its own process group, so stop() also ends its children
  });
  let output = '';
  const listen = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start within ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
    const onData = (chunk) => {
      const text = chunk.toString();
      output += text;
      onOutput?.(text);
      if (/HTTP server listening on/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });

  let stopped;
  const stop = () => {
    stopped ??= new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = (signal) => {
        try {
          if (child.pid && process.platform !== 'win32') process.kill(-child.pid, signal);
          else child.kill(signal);
        } catch {
          // already gone
        }
      };
      const hard = setTimeout(() => kill('SIGKILL'), 5_000);
      child.once('exit', () => {
        clearTimeout(hard);
        resolve();
      });
      kill('SIGTERM');
    });
    return stopped;
  };

  try {
    await listen;
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    port,
    host,
    origin: `http://localhost:${port}`,
    process: child,
    stop,
    output: () => output,
  };
}

/**
 * The address that opens `folder` (and optionally a file in it) in the workbench served at origin.
 * `extra` adds other entries of VS Code's `payload` whose values are absolute paths on the server,
 * e.g. { extensionDevelopmentPath, extensionTestsPath }.
 */
export function workbenchUrl(origin, folder, openFile, extra = {}) {
  const url = new URL('/', origin);
  url.searchParams.set('folder', folder);
  // VS Code's web workbench reads its `payload` parameter on start: `openFile` opens that file.
  const authority = new URL(origin).host;
  const remote = (file) => `vscode-remote://${authority}${file}`;
  const payload = Object.entries(extra).map(([key, file]) => [key, remote(file)]);
  if (openFile) payload.push(['openFile', remote(openFile)]);
  if (payload.length > 0) url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}
