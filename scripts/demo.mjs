#!/usr/bin/env node
// `npm run demo`: GradLens in a browser-based VS Code, no desktop VS Code needed.
//
//  1. installs the code-server cache if it is missing (scripts/setup-code-server.sh, once),
//  2. builds and packages the extension (dist/gradlens-<version>.vsix),
//  3. installs that .vsix into a code-server of its own under .cache/demo/,
//  4. serves examples/ with the worked example open, on http://localhost:8080 (or the next free
//     port; PORT=... to choose one, HOST=0.0.0.0 to listen beyond this machine),
//  5. runs until Ctrl-C.
//
// Its VS Code has a terminal that runs as you, so each start makes a new random password, printed with
// the address and stored in .cache/demo/password (scripts/lib/demo-access.mjs). AUTH=none runs without
// one, on 127.0.0.1 only: HOST=0.0.0.0 without a password is refused.
//
// The extension host gets GRADLENS_DEMO=1 in its environment (GradLens opens its panel for it).
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  QUIET_USER_SETTINGS,
  codeServerInstalled,
  freePort,
  installExtension,
  missingCodeServerMessage,
  repoRoot,
  startCodeServer,
  workbenchUrl,
  writeUserSettings,
} from './lib/code-server.mjs';
import { packageExtension } from './package.mjs';
import { demoAccess } from './lib/demo-access.mjs';

const DEMO_FILE = 'worked-example.nn.json';
// GRADLENS_DEMO_STATE_DIR: somewhere else than .cache/demo (the end-to-end test of the demo uses it).
const state = path.resolve(process.env.GRADLENS_DEMO_STATE_DIR || path.join(repoRoot, '.cache', 'demo'));
const userDataDir = path.join(state, 'user-data');
const extensionsDir = path.join(state, 'extensions');
const examples = path.join(repoRoot, 'examples');

function step(message) {
  console.log(`\n== ${message}`);
}

async function main() {
  // Who may connect is settled first: a refused HOST/AUTH stops here, before anything is built or started.
  const host = process.env.HOST || '127.0.0.1';
  const access = demoAccess({ env: process.env, host, stateDir: state });
  if (access.error) {
    console.error(`demo: ${access.error}`);
    process.exit(2);
  }

  if (!codeServerInstalled()) {
    step('code-server is not installed yet: installing it once (about two minutes)');
    const setup = spawnSync('bash', [path.join(repoRoot, 'scripts', 'setup-code-server.sh')], { stdio: 'inherit' });
    if (setup.status !== 0 || !codeServerInstalled()) {
      console.error(`\ndemo: the code-server setup failed.\n${missingCodeServerMessage()}`);
      process.exit(1);
    }
  }

  // GRADLENS_DEMO_VSIX: serve this .vsix instead of building one (the end-to-end test passes its own).
  let vsix = process.env.GRADLENS_DEMO_VSIX ? path.resolve(process.env.GRADLENS_DEMO_VSIX) : '';
  if (!vsix) {
    step('building and packaging GradLens');
    vsix = packageExtension();
  }

  step(`installing ${path.relative(repoRoot, vsix)} into ${path.relative(repoRoot, extensionsDir)}/`);
  mkdirSync(state, { recursive: true });
  if (!existsSync(path.join(userDataDir, 'User', 'settings.json'))) {
    // Only the first time: changes made during a demo (a theme, say) are kept.
    writeUserSettings(userDataDir, QUIET_USER_SETTINGS);
  }
  await installExtension({ vsix, extensionsDir, userDataDir, stateDir: state });

  const requested = process.env.PORT ? Number(process.env.PORT) : undefined;
  if (requested !== undefined && !(Number.isInteger(requested) && requested > 0 && requested < 65536)) {
    console.error(`demo: PORT must be a TCP port number, not "${process.env.PORT}"`);
    process.exit(2);
  }
  const port = await freePort(requested ?? 8080, host);
  if (requested !== undefined && port !== requested) {
    console.error(`demo: port ${requested} is in use; choose another PORT or leave PORT unset`);
    process.exit(1);
  }

  step(`starting code-server on ${host}:${port}`);
  const logFile = path.join(state, 'code-server.log');
  const log = createWriteStream(logFile, { flags: 'w' });
  const server = await startCodeServer({
    port,
    host,
    userDataDir,
    extensionsDir,
    stateDir: state,
    trust: true,
    folder: examples,
    env: { GRADLENS_DEMO: '1' },
    ...(access.auth === 'password' ? { password: access.password } : {}),
    onOutput: (text) => log.write(text),
  });

  const url = workbenchUrl(server.origin, examples, path.join(examples, DEMO_FILE));
  const bar = '='.repeat(72);
  console.log(
    [
      '',
      bar,
      '  GradLens demo is running: open this address in a browser',
      '',
      `    ${url}`,
      '',
      access.auth === 'password'
        ? `  Password: ${access.password}   (new for each start; also in ${path.relative(process.cwd(), access.file)})`
        : '  No password (AUTH=none): every user of this machine can use this VS Code, and its terminal runs as you.',
      '',
      `  (${server.origin}/ opens examples/ too; then open ${DEMO_FILE})`,
      host === '127.0.0.1'
        ? `  From another machine: ssh -L ${port}:localhost:${port} <this machine>, then the same address.`
        : `  Listening on ${host}: anyone who can reach this port is asked for the password.`,
      `  code-server log: ${path.relative(process.cwd(), logFile)}`,
      '  Press Ctrl-C to stop.',
      bar,
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping code-server...`);
    await server.stop();
    log.end();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  server.process.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`\ndemo: code-server stopped unexpectedly (${code ?? signal}); see ${logFile}`);
    process.exit(1);
  });
}

main().catch((error) => {
  console.error(`\ndemo: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
