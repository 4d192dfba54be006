// GradLens in the Node extension host (desktop VS Code's; package.json's `main`): what only that host
// has. Its log files are on the server's disk, where the harness reads them (extensionLog(),
// extensionHostLog()); the web worker extension host logs inside the browser, and web-host.e2e.test.ts
// checks its output channel instead. This file runs in the Node host's runs only (test/e2e/vitest.config.mts).
import { describe, expect, it } from 'vitest';
import { useWorkbench } from './harness/workbench';

describe('GradLens in the Node extension host', () => {
  const vs = useWorkbench({ open: 'worked-example.nn.json' });

  it('writes "activated in the Node extension host" to its log file, and the extension host logs no activation failure', async () => {
    expect(vs.e2e.host).toBe('node');
    await expect.poll(() => vs.extensionLog(), { timeout: 60_000 }).toMatch(/GradLens activated/);
    expect(vs.extensionLog()).toMatch(/GradLens activated in the Node extension host \(Node \d+\./);
    expect(vs.extensionHostLog()).not.toMatch(new RegExp(`Activating extension '?${vs.e2e.extensionId}'? failed`, 'i'));
  });
});
