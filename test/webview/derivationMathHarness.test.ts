/**
 * The step-through derivation's formulas in the real webview bundle (Chromium), rendered by KaTeX from
 * dist/katex/ (script, CSS and woff2 fonts as webview resources, under the panel's own CSP): a `.katex`
 * element with a size, KaTeX's font loaded, the model's numbers in the MathML, the screen-reader words
 * on the formula, in a dark and a light theme. Screenshots go to $GRADLENS_SCREENSHOTS when set.
 */
import { describe, expect, it } from 'vitest';
import type { PhaseView } from '../../src/shared/protocol';
import { StepRecorder, phaseStops } from '../../src/worker/teaching/stepThrough';
import { exampleSession } from '../teaching/helpers';
import { MODEL_URI, snapshot, workedExample } from './fixture';
import { deliver, settled } from './harness/settle';
import { usePanelBrowser } from './harness/panelBrowser';
import { vscodeInitScript } from './harness/server';
import { darkModern, lightModern } from './harness/themes';
import { texted } from '../helpers/textedRecorder';

const panel = usePanelBrowser();

function firstStops(): PhaseView[] {
  const s = exampleSession('worked-example.nn.json');
  const recorder = texted(new StepRecorder(s.currentNetwork, s.model.data.train, s.model.loss, s.model.train));
  return phaseStops(2).map(() => recorder.nextPhase()!);
}

describe('the step-through derivation renders its formulas with KaTeX (Chromium)', { timeout: 240_000 }, () => {
  const stops = firstStops();

  it.each([['dark', darkModern], ['light', lightModern]] as const)('in a %s theme: sized KaTeX, its font loaded, the numbers and the words of each formula', async (name, theme) => {
    const page = await panel.browser.newPage({ viewport: { width: 1040, height: 900 }, deviceScaleFactor: 1 });
    page.setDefaultTimeout(60_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.addInitScript({ content: vscodeInitScript(theme) });
    await page.goto(panel.harness.url);
    await page.waitForFunction('window.__posted.length > 0');
    // Step 1 · forward · layer "hidden" of the worked example: net₁ = 0.15·0.05 + 0.2·0.1 + 0.35 = 0.3775.
    await deliver(page, [snapshot(workedExample, { depth: 4 }), { type: 'stepThrough', documentUri: MODEL_URI, view: stops[0] }]);
    await settled(page);
    const formulas = page.locator('.phase-derivation li.math-line .math[role="math"]');
    expect(await formulas.count()).toBe(stops[0].deriveMath!.filter(Boolean).length);
    expect(await formulas.count()).toBe(2);
    const first = page.locator('.phase-derivation .katex').first();
    const box = (await first.boundingBox())!;
    expect(box.width).toBeGreaterThan(100);
    expect(box.height).toBeGreaterThan(8);
    expect(await formulas.first().getAttribute('aria-label')).toBe('net sub 1 equals the sum over i of w sub 1 i times x sub i plus b sub 1 equals 0.15 times 0.05 plus 0.2 times 0.1 plus 0.35 equals 0.3775');
    expect(await page.locator('.phase-derivation math').first().innerHTML()).toContain('<mn>0.3775</mn>');
    expect(await page.locator('.phase-derivation math').nth(1).innerHTML()).toContain('<mn>0.59327</mn>');
    // KaTeX's own fonts, loaded from dist/katex/fonts (a system font would be a fallback).
    const fonts = await page.evaluate(`document.fonts.ready.then(() => ({
      main: document.fonts.check('16px KaTeX_Main'),
      loaded: [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family),
    }))`) as { main: boolean; loaded: string[] };
    expect(fonts.loaded).toContain('KaTeX_Main');
    expect(fonts.main).toBe(true);
    const colour = await page.evaluate(`getComputedStyle(document.querySelector('.phase-derivation .katex')).color`);
    const background = await page.evaluate(`getComputedStyle(document.body).backgroundColor`);
    expect(colour).not.toBe(background);
    const shots = process.env.GRADLENS_SCREENSHOTS;
    if (shots) await page.locator('.phase-derivation').screenshot({ path: `${shots}/derivation-katex-${name}.png` });
    expect(errors).toEqual([]);
    await page.close();
  });
});
