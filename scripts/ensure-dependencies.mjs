#!/usr/bin/env node
// Runs first in `npm test` and `npm run demo`, with Node's built-ins only, so that each of those two
// commands works on a fresh clone where nothing has been installed: when a package that
// package-lock.json names is missing from node_modules (or has another version), it runs `npm ci`
// (which also builds, through the `prepare` script). The code-server caches (4.100.3, and 4.10.0 for the
// oldest-VS-Code run of the e2e suite), Chromium and the other
// Debian packages are installed by the commands that need them (test/e2e/run.mjs, scripts/demo.mjs,
// both through scripts/setup-code-server.sh).
//
// A node_modules that is a symbolic link (a shared install) is never replaced: a mismatch there is
// reported, and the person runs `npm ci` where the install really lives.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The packages package-lock.json installs (not optional, not links) whose folder is missing or differs. */
export function missingPackages(projectRoot = root) {
  const lock = JSON.parse(readFileSync(path.join(projectRoot, 'package-lock.json'), 'utf8'));
  const missing = [];
  for (const [where, entry] of Object.entries(lock.packages ?? {})) {
    if (!where.startsWith('node_modules/') || entry.optional || entry.link) continue;
    const manifest = path.join(projectRoot, where, 'package.json');
    let version;
    try {
      version = JSON.parse(readFileSync(manifest, 'utf8')).version;
    } catch {
      missing.push(where.slice('node_modules/'.length));
      continue;
    }
    if (entry.version && version !== entry.version) missing.push(`${where.slice('node_modules/'.length)}@${entry.version} (found ${version})`);
  }
  return missing;
}

function main() {
  const missing = missingPackages();
  if (missing.length === 0) return;
  const nodeModules = path.join(root, 'node_modules');
  const shown = missing.slice(0, 5).join(', ') + (missing.length > 5 ? ` and ${missing.length - 5} more` : '');
  if (existsSync(nodeModules) && lstatSync(nodeModules).isSymbolicLink()) {
    console.error(`node_modules is a link to a shared install that lacks ${shown}; run \`npm ci\` where it lives.`);
    process.exit(1);
  }
  console.log(`\n== installing the npm packages first (${missing.length} missing: ${shown}): npm ci\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' },
  });
  if (result.status !== 0) {
    console.error('\n`npm ci` failed (see above): the npm registry must be reachable for a first install.');
    process.exit(result.status ?? 1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
