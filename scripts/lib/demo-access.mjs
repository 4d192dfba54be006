// Who may use the demo's VS Code (`npm run demo`). It has a terminal that runs as you, so by default
// every start makes a new random password: printed with the address, and stored (readable only by
// you) in the demo's state folder, `.cache/demo/password`. `AUTH=none` runs without one, but only on
// this machine's loopback address: `HOST=0.0.0.0` (or any address others can reach) needs a password.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Addresses only this machine can connect to. */
const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/i;

/**
 * The demo's access for this start: `{ auth: 'password', password, file }`, `{ auth: 'none' }`, or
 * `{ error }` (the demo then stops before it builds or starts anything).
 */
export function demoAccess({ env, host, stateDir }) {
  const auth = (env.AUTH ?? '').trim().toLowerCase();
  if (auth !== '' && auth !== 'none' && auth !== 'password') {
    return { error: `AUTH must be "none" or "password" (the default), not "${env.AUTH}"` };
  }
  if (auth === 'none') {
    if (!LOOPBACK.test(host)) {
      return { error: `refusing HOST=${host} without a password: anyone who can reach it would get a VS Code with a terminal running as you. Leave AUTH unset (a random password is made), or use HOST=127.0.0.1.` };
    }
    return { auth: 'none' };
  }
  const password = randomBytes(24).toString('base64url');
  mkdirSync(stateDir, { recursive: true });
  const file = path.join(stateDir, 'password');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // an older file keeps its mode on rewrite
  return { auth: 'password', password, file };
}
