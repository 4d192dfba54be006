// The digits CNN (model file 1.1) in the editor of a real VS Code: a lens above every layer of every
// type, and Explain Gradient on a conv weight showing the sum over every output position with its
// total beside the engine's value. Every wait is a hang bound (expect.poll), never a timing.
import { describe, expect, it } from 'vitest';
import { useWorkbench } from './harness/workbench';

const LAYER_LENSES = [/^conv2d → 8×8×8 · /, /^activation → 8×8×8 · /, /^maxpool2d → 8×4×4 · /, /^conv2d → 16×4×4 · /, /^flatten → 256 · /, /^dense → 10 · /];

describe('the digits CNN in the editor', () => {
  const vs = useWorkbench({ open: 'conv-net.nn.json' });

  it('shows a lens above every layer, each with its type and output shape', async () => {
    // The analysis of 1,438 images with its gradient check can take a while on a loaded machine.
    await expect.poll(async () => {
      const texts = await vs.codeLensTexts();
      return LAYER_LENSES.every((pattern) => texts.some((t) => pattern.test(t)));
    }, { timeout: 180_000 }).toBe(true);
    const texts = await vs.codeLensTexts();
    expect(texts.find((t) => t.startsWith('maxpool2d'))).toMatch(/‖∂L\/∂out‖ \S+ → ‖∂L\/∂in‖ \S+ · no gradient to 75\.0 % of its inputs/);
    expect(texts.find((t) => t.startsWith('conv2d → 8×8×8'))).toMatch(/‖∂L\/∂W‖ \S+ · max \|∂L\/∂w\| \S+/);
    await vs.screenshot('conv-net-lenses');
  });

  it('explains a conv weight\'s gradient as a sum whose total matches the engine\'s value', async () => {
    await vs.runCommand('GradLens: Set Teaching Depth…', () => vs.pickQuickItem(/4 Derive/));
    await vs.openFile('conv-net.nn.json');
    await expect.poll(() => vs.codeLensTexts(), { timeout: 180_000 }).toContainEqual(expect.stringMatching(/^conv2d → 8×8×8/));
    await vs.runCommand('GradLens: Explain Gradient…');
    await vs.pickQuickItem(/^conv1$/);
    await vs.pickQuickItem(/^weights$/);
    await vs.pickQuickItem(/^conv1\.weights\[1, 1, 2, 2\]$/, 'conv1.weights[1, 1, 2, 2]');
    const preview = vs.page.frameLocator('iframe.webview.ready[src*="extensionId=vscode.markdown-language-features"]').frameLocator('#active-frame');
    // The sum and the mean are KaTeX formulas (src/teaching/layeredFormulas.ts), read through their words.
    const formulas = preview.locator('.gradlens-math[role="math"]');
    await expect.poll(async () => (await formulas.last().getAttribute('aria-label').catch(() => '')) ?? '', { timeout: 120_000 }).toMatch(/the engine's value: .+ ✓$/);
    const text = await preview.locator('body').innerText();
    expect(text).toContain('at every one of the 8×8 = 64 output positions, in each of the 1438 samples');
    const words = await formulas.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('aria-label') ?? ''));
    expect(words).toContainEqual(expect.stringMatching(/^the sum of equals .+ plus the other 92026 terms: (minus )?[0-9.]+( times ten to the (minus )?[0-9]+)? equals .+$/));
    expect((await formulas.first().locator('.katex-html').boundingBox())!.width).toBeGreaterThan(100);
    // The sum's answer and the engine's, written side by side, are the same number.
    const [, mean, engine] = /1 over 1438 times (?:minus )?[0-9.]+(?: times ten to the (?:minus )?[0-9]+)? equals (.+); the engine's value: (.+) ✓$/m.exec(words.join('\n'))!;
    expect(mean).toBe(engine);
    await vs.screenshot('conv-net-explain-gradient');
  });
});
