// `npm run demo` as a person runs it: it prints an address; that address shows examples/ with the
// worked example open (and GradLens's panel); Ctrl-C stops it and its code-server.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../scripts/lib/code-server.mjs';
import { useWorkbench, type WorkbenchOptions } from './harness/workbench';

const e2e = inject('gradlensE2E');
const state = path.join(e2e.root, 'demo');

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('npm run demo', () => {
  let demo: ChildProcess | undefined;
  let output = '';
  let port = 0;
  const options: WorkbenchOptions = { open: 'worked-example.nn.json' };

  beforeAll(async () => {
    port = await freePort();
    demo = spawn(process.execPath, [path.join(e2e.repoRoot, 'scripts', 'demo.mjs')], {
      cwd: e2e.repoRoot,
      env: { ...process.env, PORT: String(port), GRADLENS_DEMO_STATE_DIR: state, GRADLENS_DEMO_VSIX: e2e.vsix },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    demo.stdout!.on('data', (chunk) => (output += chunk));
    demo.stderr!.on('data', (chunk) => (output += chunk));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the demo printed no address within 120 s:\n${output}`)), 120_000);
      const check = (): void => {
        const found = /http:\/\/localhost:\d+\/\?folder=\S+/.exec(output);
        if (found) {
          clearTimeout(timer);
          resolve(found[0]);
        }
      };
      demo!.stdout!.on('data', check);
      demo!.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the demo exited (${code}):\n${output}`));
      });
    });
    const password = /Password: (\S+)/.exec(output)?.[1];
    if (!password) throw new Error(`the demo printed no password:\n${output}`);
    options.attach = { url, folder: path.join(e2e.repoRoot, 'examples'), userDataDir: path.join(state, 'user-data'), password };
  }, 150_000);

  afterAll(() => {
    if (demo && demo.exitCode === null) demo.kill('SIGKILL');
  });

  const vs = useWorkbench(options);

  it('prints the address to open, on the port asked for', () => {
    expect(options.attach?.url).toMatch(new RegExp(`^http://localhost:${port}/\\?folder=`));
    expect(output).toMatch(/Press Ctrl-C to stop/);
  });

  it('asks for the password it printed, which it also stored in its state folder', async () => {
    expect(readFileSync(path.join(state, 'password'), 'utf8').trim()).toBe(options.attach?.password);
    const response = await fetch(options.attach!.url, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toMatch(/login/);
  });

  it('serves examples/ with the worked example open and analysed', async () => {
    expect(await vs.activeTab()).toBe('worked-example.nn.json');
    await expect.poll(() => vs.codeLensTexts(), { timeout: 60_000 }).toContainEqual(expect.stringMatching(/loss/));
    await vs.screenshot('demo');
  });

  it("opens GradLens's panel (the extension host gets GRADLENS_DEMO=1)", async () => {
    await expect
      .poll(() => vs.page.locator(`iframe.webview.ready[src*="extensionId=${e2e.extensionId}"]`).count(), {
        timeout: 60_000,
        message: 'no GradLens webview: on activation with GRADLENS_DEMO=1 GradLens should run gradlens.openPanel',
      })
      .toBeGreaterThan(0);
    await vs.screenshot('demo-panel');
  });

  it('stops on Ctrl-C (SIGINT), code-server included', async () => {
    await vs.close();
    const exited = new Promise<number | null>((resolve) => demo!.once('exit', (code) => resolve(code)));
    demo!.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(await portOpen(port)).toBe(false);
  }, 30_000);
});
