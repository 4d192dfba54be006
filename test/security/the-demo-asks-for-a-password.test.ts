/**
 * Issue 19, item 9: the demo had no password. `npm run demo` ran code-server with `--auth none`: bound to
 * 127.0.0.1, any other local user of a shared machine got a VS Code with a terminal as you, and
 * `HOST=0.0.0.0` offered it to the network. Now each start makes a random password (printed with the
 * address, stored in `.cache/demo/`), unless `AUTH=none` is set explicitly, and `HOST=0.0.0.0` is
 * refused without a password.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoAccess } from '../../scripts/lib/demo-access.mjs';
import { codeServerArgs } from '../../scripts/lib/code-server.mjs';
import { ROOT, tempFolder } from './helpers';

describe('the demo\'s access', () => {
  it('makes a new random password each start, stored in the state folder readable only by its owner', () => {
    const state = tempFolder('demo');
    const first = demoAccess({ env: {}, host: '127.0.0.1', stateDir: state });
    expect(first).toMatchObject({ auth: 'password' });
    if (first.auth !== 'password') return;
    expect(first.password).toMatch(/^[A-Za-z0-9_-]{24,}$/);
    expect(readFileSync(first.file, 'utf8').trim()).toBe(first.password);
    expect(path.dirname(first.file)).toBe(state);
    expect(statSync(first.file).mode & 0o077).toBe(0);
    const second = demoAccess({ env: {}, host: '127.0.0.1', stateDir: state });
    expect(second.auth === 'password' && second.password).not.toBe(first.password);
  });

  it('runs without a password only when AUTH=none is set, and only on this machine', () => {
    expect(demoAccess({ env: { AUTH: 'none' }, host: '127.0.0.1', stateDir: tempFolder('demo') })).toEqual({ auth: 'none' });
    for (const host of ['0.0.0.0', '::', '192.168.1.5']) {
      const refused = demoAccess({ env: { AUTH: 'none' }, host, stateDir: tempFolder('demo') });
      expect(refused).toMatchObject({ error: expect.stringMatching(/without a password/) });
    }
    expect(demoAccess({ env: { AUTH: 'nobody' }, host: '127.0.0.1', stateDir: tempFolder('demo') })).toMatchObject({ error: expect.stringMatching(/AUTH/) });
    expect(demoAccess({ env: {}, host: '0.0.0.0', stateDir: tempFolder('demo') })).toMatchObject({ auth: 'password' });
  });

  it('code-server is started with --auth password when there is one, and --auth none only when asked', () => {
    const base = { port: 8080, host: '127.0.0.1', userDataDir: '/u', extensionsDir: '/e', configFile: '/c.yaml' };
    const withPassword = codeServerArgs({ ...base, password: 'secret' });
    expect(withPassword.join(' ')).toContain('--auth password');
    expect(withPassword.join(' ')).not.toContain('secret'); // given in the environment, not on the command line
    expect(codeServerArgs(base).join(' ')).toContain('--auth none');
  });

  it('npm run demo refuses HOST=0.0.0.0 with AUTH=none before it builds or starts anything', () => {
    const state = tempFolder('demo-run');
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'demo.mjs')], {
      cwd: ROOT, encoding: 'utf8', timeout: 120_000,
      env: { ...process.env, HOST: '0.0.0.0', AUTH: 'none', GRADLENS_DEMO_STATE_DIR: state, GRADLENS_DEMO_VSIX: path.join(state, 'missing.vsix') },
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/HOST=0\.0\.0\.0.*without a password/);
  }, 150_000);
});
