// The classic 2-2-2 worked example (Mazur, 2015) in a real VS Code: the numbers GradLens shows next
// to the model can be checked against the article by hand (E_total = 0.298371109,
// ∂E/∂w5 = 0.082167041, ∂E/∂w1 = 0.000438568).
import { describe, expect, it } from 'vitest';
import { useWorkbench } from './harness/workbench';

describe('the worked example', () => {
  const vs = useWorkbench({ open: 'worked-example.nn.json' });

  it('CodeLens shows numbers above both layers and the loss above "loss"', async () => {
    await expect.poll(() => vs.codeLenses(), { timeout: 60_000 }).toContainEqual({ line: 12, text: expect.stringMatching(/loss 0\.2984\b/) });
    const lenses = await vs.codeLenses();
    for (const layerLine of [7, 9]) {
      expect(lenses.filter((lens) => lens.line === layerLine).map((lens) => lens.text)).toContainEqual(expect.stringMatching(/\d/));
    }
  });

  it('inlay hints show each explicit weight\'s gradient', async () => {
    await expect.poll(() => vs.inlayHints(), { timeout: 60_000 }).toContainEqual({ line: 10, text: expect.stringMatching(/0\.0822\b/) });
    expect((await vs.inlayHints()).filter((hint) => hint.line === 8).map((hint) => hint.text)).toContainEqual(expect.stringMatching(/4\.39e-4/));
    await vs.screenshot('worked-example-lenses-and-hints');
  });

  it("the wrong derivative's gradient-check failure is a problem on the line of df", async () => {
    await vs.openFile('custom-derivative.nn.json');
    const dfLine = vs.readFile('custom-derivative.nn.json').split('\n').findIndex((line) => /"df"\s*:/.test(line)) + 1;
    await expect
      .poll(async () => (await vs.problems()).filter((p) => p.file === 'custom-derivative.nn.json' && p.line === dfLine), { timeout: 60_000 })
      // named by the one convention (src/shared/names.ts): 1-based and layer-qualified, never weights[0, 0]
      .toContainEqual(expect.objectContaining({ severity: 'error', source: 'gradlens', message: expect.stringMatching(/gradient.* for hidden\.weights\[\d+, \d+\] it gives/i) }));
    await vs.screenshot('custom-derivative-problems');
  });
});
