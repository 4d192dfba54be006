/**
 * The step-through derivation's formulas in the real webview bundle (Chromium), rendered by KaTeX from
 * dist/katex/ (script, CSS and woff2 fonts as webview resources, under the panel's own CSP): a `.katex`
 * element with a size, KaTeX's font loaded, the model's numbers in the MathML, the screen-reader words
 * on the formula, in a dark and a light theme; a layered network's rules (the digits CNN) in Dark and Light
 * Modern and both High Contrast themes, each formula unclipped with its words after it. Screenshots go to
 * $GRADLENS_SCREENSHOTS when set.
 */
import { describe, expect, it } from 'vitest';
import type { PhaseView } from '../../src/shared/protocol';
import { StepRecorder, phaseStops } from '../../src/worker/teaching/stepThrough';
import { exampleSession } from '../teaching/helpers';
import { MODEL_URI, snapshot, workedExample } from './fixture';
import { deliver, settled } from './harness/settle';
import { usePanelBrowser } from './harness/panelBrowser';
import { vscodeInitScript } from './harness/server';
import { darkHighContrast, darkModern, lightHighContrast, lightModern } from './harness/themes';
import type { Analysis } from '../../src/analysis/types';
import { cloneLayered } from '../../src/analysis/layeredNetworks';
import { LayeredNetwork } from '../../src/engine';
import { phaseView } from '../../src/teaching/phaseText';
import { LayeredStepRecorder } from '../../src/worker/teaching/layeredStepThrough';
import { openExample } from '../helpers/examples';
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

/** The first step of the digits CNN (examples/conv-net.nn.json) on the layered step recorder, as the panel receives it. */
function layeredStops(): { analysis: Analysis; stops: PhaseView[] } {
  const s = openExample('conv-net.nn.json');
  const spec = s.model.layered!.spec;
  const recorder = new LayeredStepRecorder(cloneLayered(LayeredNetwork.fromSpec(spec), spec), s.model.data.train, s.model.loss, s.model.train, {
    seed: s.model.seed, copy: (n) => cloneLayered(n, spec),
  });
  return { analysis: s.analyse().analysis!, stops: recorder.stops.map(() => phaseView(recorder.nextPhase())) };
}

const CNN_URI = 'file:///work/examples/conv-net.nn.json';

describe('the layered step-through derivation renders its rules with KaTeX (Chromium)', { timeout: 240_000 }, () => {
  const { analysis, stops } = layeredStops();
  const conv2 = stops.find((v) => v.phase === 'backward' && v.layerName === 'conv2')!;
  const pool1 = stops.find((v) => v.phase === 'backward' && v.layerName === 'pool1')!;

  it.each([['dark', darkModern], ['light', lightModern], ['high-contrast', darkHighContrast], ['light-high-contrast', lightHighContrast]] as const)(
    'in %s: every line a sized formula in the theme\'s foreground, unclipped, its words after it', async (name, theme) => {
      const page = await panel.browser.newPage({ viewport: { width: 1040, height: 900 }, deviceScaleFactor: 1 });
      page.setDefaultTimeout(60_000);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      await page.addInitScript({ content: vscodeInitScript(theme) });
      await page.goto(panel.harness.url);
      await page.waitForFunction('window.__posted.length > 0');
      for (const [stop, label] of [[conv2, 'conv'], [pool1, 'pool']] as const) {
        await deliver(page, [snapshot(analysis, { depth: 4, documentUri: CNN_URI }), { type: 'stepThrough', documentUri: CNN_URI, view: stop }]);
        await settled(page);
        const lines = page.locator('.phase-derivation li.math-line');
        expect(await lines.count()).toBe(stop.deriveLines.length);
        for (let i = 0; i < stop.deriveLines.length; i++) {
          const math = stop.deriveMath![i]!;
          const line = lines.nth(i);
          expect(await line.locator('.math[role="math"]').getAttribute('aria-label')).toBe(math.speech);
          expect(await line.locator('.math-note').textContent()).toBe(`: ${math.note}`);
          const box = (await line.locator('.katex').boundingBox())!;
          expect(box.width).toBeGreaterThan(50);
          expect(box.height).toBeGreaterThan(8);
          // Nothing of the formula is cut off: it lies within its line, which does not scroll or overflow.
          const fit = await line.evaluate((li) => {
            const k = li.querySelector('.katex')!.getBoundingClientRect(), l = li.getBoundingClientRect();
            return { inside: k.left >= l.left - 1 && k.right <= l.right + 1, overflow: li.scrollWidth - li.clientWidth };
          });
          expect(fit, stop.deriveLines[i]).toEqual({ inside: true, overflow: 0 });
        }
        // The formula is drawn in the theme's foreground, as the words beside it.
        const colours = await page.evaluate(`(() => {
          const li = document.querySelector('.phase-derivation li.math-line');
          return { formula: getComputedStyle(li.querySelector('.katex')).color, note: getComputedStyle(li.querySelector('.math-note')).color, body: getComputedStyle(document.body).color };
        })()`) as { formula: string; note: string; body: string };
        expect(colours.formula).toBe(colours.note);
        expect(colours.formula).toBe(colours.body);
        if (label === 'conv') expect(await page.locator('.phase-derivation math').nth(1).innerHTML()).toContain('<mn>1</mn>');
        const shots = process.env.GRADLENS_SCREENSHOTS;
        if (shots) await page.locator('.phase-derivation').screenshot({ path: `${shots}/layered-derivation-katex-${label}-${name}.png` });
      }
      expect(errors).toEqual([]);
      await page.close();
    });

  it('in a narrow panel (480 px) the long formulas wrap at their relations and operators, none running out of its line', async () => {
    const page = await panel.browser.newPage({ viewport: { width: 480, height: 900 }, deviceScaleFactor: 1 });
    page.setDefaultTimeout(60_000);
    await page.addInitScript({ content: vscodeInitScript(darkModern) });
    await page.goto(panel.harness.url);
    await page.waitForFunction('window.__posted.length > 0');
    await deliver(page, [snapshot(analysis, { depth: 4, documentUri: CNN_URI }), { type: 'stepThrough', documentUri: CNN_URI, view: conv2 }]);
    await settled(page);
    const fits = await page.evaluate(`[...document.querySelectorAll('.phase-derivation li.math-line')].map((li) => {
      const l = li.getBoundingClientRect();
      return [...li.querySelectorAll('.katex-html > .base')].every((b) => b.getBoundingClientRect().right <= l.right + 1);
    })`) as boolean[];
    expect(fits).toEqual(conv2.deriveLines.map(() => true));
    const shots = process.env.GRADLENS_SCREENSHOTS;
    if (shots) await page.locator('.phase-derivation').screenshot({ path: `${shots}/layered-derivation-katex-conv-narrow.png` });
    await page.close();
  });
});
