// GradLens as a web extension (vscode.dev, github.dev): test/e2e/run.mjs's second run forces the
// extension into the browser's web worker extension host (GRADLENS_E2E_HOST=web, see
// harness/globalSetup.ts). There it loads package.json's `browser` entry, runs the analysis in a Web
// Worker and reads CSV files through vscode.workspace.fs. This file runs in that run only.
import { describe, expect, inject, it } from 'vitest';
import { useWorkbench } from './harness/workbench';

describe('GradLens in the web worker extension host', () => {
  const vs = useWorkbench({ open: 'worked-example.nn.json' });

  it('runs in the web worker extension host, with its analysis in a Web Worker', async () => {
    expect(inject('gradlensE2E').host).toBe('web');
    // The output channel says where the extension and its worker run (src/platform/extensionHost.web.ts).
    // (The Output view wraps long lines: whitespace is compared as one space.)
    const output = async () => (await vs.outputText('GradLens')).replace(/\s+/g, ' ');
    await vs.focusFirstEditorGroup();
    await expect.poll(output, { timeout: 90_000 }).toMatch(/GradLens activated in the web worker extension host \(browser: .*Chrom/);
    // The engine's WebAssembly SIMD kernels start in the Web Worker (src/engine/products.ts).
    await expect.poll(output, { timeout: 90_000 }).toMatch(/analysis worker started; kernels: wasm-simd \(WebAssembly SIMD.*; Web Worker/);
    expect(await output()).not.toMatch(/Node extension host/);
    await vs.screenshot('web-host-output');
  });

  it('opens the worked example and shows lenses with its loss (0.298371109 rounds to 0.2984)', async () => {
    await vs.openFile('worked-example.nn.json');
    await expect.poll(() => vs.codeLenses(), { timeout: 90_000 }).toContainEqual({ line: 12, text: expect.stringMatching(/loss 0\.2984\b/) });
    await expect.poll(() => vs.inlayHints(), { timeout: 60_000 }).toContainEqual({ line: 10, text: expect.stringMatching(/0\.0822\b/) });
    await vs.screenshot('web-host-worked-example');
  });

  it('opens the panel with its network diagram', async () => {
    await vs.runCommand('GradLens: Open Gradient Panel');
    const panel = vs.webviewFrame();
    await expect.poll(() => panel.locator('#diagram .neuron').count(), { timeout: 90_000 }).toBeGreaterThan(0);
    await expect.poll(async () => (await panel.locator('body').innerText()).includes('hidden.weights'), { timeout: 60_000 }).toBe(true);
    await vs.screenshot('web-host-panel');
  });

  it("lists the wrong derivative's gradient-check failure in the Problems panel, on the line of df", async () => {
    await vs.focusFirstEditorGroup();
    await vs.openFile('custom-derivative.nn.json');
    const dfLine = vs.readFile('custom-derivative.nn.json').split('\n').findIndex((line) => /"df"\s*:/.test(line)) + 1;
    await expect
      .poll(async () => (await vs.problems()).filter((p) => p.file === 'custom-derivative.nn.json' && p.line === dfLine), { timeout: 90_000 })
      .toContainEqual(expect.objectContaining({ severity: 'error', source: 'gradlens', message: expect.stringMatching(/gradient/i) }));
    await vs.screenshot('web-host-problems');
  });

  it('reads a CSV data file through the workspace file system (Iris analyses with no error)', async () => {
    await vs.focusFirstEditorGroup();
    await vs.openFile('iris.nn.json');
    await expect.poll(() => vs.codeLensTexts(), { timeout: 90_000 }).toContainEqual(expect.stringMatching(/^loss \d/));
    expect((await vs.problems('iris.nn.json')).filter((p) => p.severity === 'error')).toEqual([]);
  });
});
