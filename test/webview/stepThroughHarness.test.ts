/**
 * The step-through bar and the loss comparison in the real webview bundle (Chromium): the bar shows
 * the host's stop, lights the phase's layer in the diagram, marks the step on the loss chart, and its
 * buttons, scrubber and Compare losses post the protocol's messages.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { HostToPanelMessage, PanelToHostMessage, PhaseView, TrainingCurves } from '../../src/shared/protocol';
import { StepRecorder, phaseStops } from '../../src/worker/teaching/stepThrough';
import { formatNumber } from '../../webview/model/format';
import { exampleSession } from '../teaching/helpers';
import { MODEL_URI, snapshot, trainingCurve, workedExample } from './fixture';
import { deliver, settled } from './harness/settle';
import { usePanelBrowser } from './harness/panelBrowser';
import { vscodeInitScript } from './harness/server';
import { darkModern } from './harness/themes';
import { texted } from '../helpers/textedRecorder';

const panel = usePanelBrowser();

function views(): PhaseView[] {
  const s = exampleSession('worked-example.nn.json');
  const recorder = texted(new StepRecorder(s.currentNetwork, s.model.data.train, s.model.loss, s.model.train));
  const out: PhaseView[] = [];
  for (let i = 0; i < 2; i++) for (const _stop of phaseStops(2)) out.push(recorder.nextPhase()!);
  return out;
}

async function open(): Promise<{ page: Page; errors: string[]; send(...m: HostToPanelMessage[]): Promise<void>; posted(): Promise<PanelToHostMessage[]> }> {
  const page = await panel.browser.newPage({ viewport: { width: 1040, height: 900 }, deviceScaleFactor: 1 });
  page.setDefaultTimeout(60_000); // a hang bound: a page load took over 10 s at load 30
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.addInitScript({ content: vscodeInitScript(darkModern) });
  await page.goto(panel.harness.url);
  await page.waitForFunction('window.__posted.length > 0');
  const settle = () => settled(page);
  return {
    page, errors,
    async send(...messages) { await deliver(page, messages); await settle(); },
    posted: () => page.evaluate('window.__posted') as Promise<PanelToHostMessage[]>,
  };
}

describe('step-through in the panel (Chromium)', { timeout: 240_000 }, () => {
  const stops = views();

  it('offers to start a step-through and to compare losses, and posts the requests', async () => {
    const p = await open();
    await p.send(snapshot(workedExample, { depth: 3 }));
    await p.page.getByRole('button', { name: 'Step through training' }).click();
    await p.page.getByRole('button', { name: 'Compare losses' }).click();
    expect((await p.posted()).slice(-2)).toEqual([{ type: 'stepThrough', action: 'next' }, { type: 'compareLosses' }]);
    expect(p.errors).toEqual([]);
    await p.page.close();
  });

  it('shows the phase and its layer, lights that layer in the diagram and marks the step on the loss chart', async () => {
    const p = await open();
    await p.send(snapshot(workedExample, { depth: 3 }), { type: 'trainingProgress', documentUri: MODEL_URI, points: trainingCurve.slice(0, 20), runState: 'idle' });
    await p.send({ type: 'stepThrough', documentUri: MODEL_URI, view: stops[9] }); // step 2 · backward · output
    expect(await p.page.locator('.phase-badge').textContent()).toBe('Backward');
    expect(await p.page.locator('.phase-layer').textContent()).toBe('layer 2 of 2: "output"');
    expect(await p.page.locator('.phase-position').textContent()).toBe('Step 2 · stop 4 of 6');
    expect(await p.page.locator('.phase-changes li').first().textContent()).toMatch(/^sample 1: δ = \[/);
    expect(await p.page.locator('#diagram .neuron.phase-active').count()).toBe(2);
    expect(await p.page.locator('#diagram .neuron.phase-active[data-key="u-1-0"]').count()).toBe(1);
    expect(await p.page.locator('#loss').getAttribute('data-step-marker')).toBe('2');
    // The loss chart draws the step-through run's own losses (its table says so) and names the step's move.
    const run = stops[9].runLoss;
    expect(await p.page.locator('#loss canvas').getAttribute('aria-label')).toContain(`step 2 moves the training loss from ${formatNumber(stops[9].trainLossBefore)} to ${formatNumber(stops[9].trainLossAfter)}`);
    await p.page.locator('#loss summary').click();
    await expect.poll(() => p.page.locator('#loss table tbody tr').allInnerTexts()).toEqual([
      `0\t${formatNumber(run[0].loss, 6)}`, `1\t${formatNumber(run[1].loss, 6)}`, `2 (on screen)\t${formatNumber(run[2].loss, 6)}`,
    ]);
    expect(await p.page.getByRole('button', { name: 'Next step', exact: true }).isDisabled()).toBe(true);

    await p.page.getByRole('button', { name: 'Previous phase' }).click();
    await p.page.getByRole('button', { name: 'Previous step', exact: true }).click();
    await p.page.evaluate(`(() => { const el = document.querySelector('.timeline-range'); el.value = '1'; el.dispatchEvent(new Event('change')); })()`);
    await p.page.getByRole('button', { name: 'Stop' }).click();
    expect((await p.posted()).slice(-4)).toEqual([
      { type: 'stepThrough', action: 'previous' }, { type: 'stepThrough', action: 'stepBack' }, { type: 'seekStep', step: 1, stop: 0 }, { type: 'stepThrough', action: 'stop' },
    ]);

    await p.send({ type: 'stepThrough', documentUri: MODEL_URI, view: undefined });
    expect(await p.page.locator('.step-through-active').isVisible()).toBe(false);
    expect(await p.page.locator('#diagram .neuron.phase-active').count()).toBe(0);
    expect(p.errors).toEqual([]);
    await p.page.close();
  });

  it('overlays both training curves of a loss comparison in one chart', async () => {
    const p = await open();
    await p.send(snapshot(workedExample, { depth: 3 }));
    expect(await p.page.locator('#loss-comparison').isVisible()).toBe(false);
    const point = (step: number, loss: number) => ({ step, loss, measures: { items: 1, meanCrossEntropy: loss, meanSquaredError: loss, correct: 1 } });
    const curves: TrainingCurves = {
      steps: 30, fileSteps: 30, classification: false, cancelled: false,
      squared: Array.from({ length: 30 }, (_, i) => point(i + 1, 0.3 / (1 + i * 0.05))),
      crossEntropy: Array.from({ length: 30 }, (_, i) => point(i + 1, 1.4 / (1 + i * 0.3))),
    };
    await p.send({ type: 'lossComparison', documentUri: MODEL_URI, curves });
    expect(await p.page.locator('#loss-comparison').isVisible()).toBe(true);
    const painted = await p.page.evaluate(`(() => { const c = document.querySelector('#loss-comparison canvas'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; })()`) as number;
    expect(painted).toBeGreaterThan(500);
    expect(await p.page.locator('#loss-comparison canvas').getAttribute('aria-label')).toMatch(/over 30 steps.*by each run's own loss/);
    // One yardstick for both runs: the measure buttons re-draw the chart by Σ(t − o)² or accuracy.
    await p.page.getByRole('button', { name: 'Accuracy' }).click();
    expect(await p.page.getByRole('button', { name: 'Accuracy' }).getAttribute('aria-pressed')).toBe('true');
    expect(await p.page.locator('#loss-comparison canvas').getAttribute('aria-label')).toMatch(/by accuracy: the squared-error run ends at 1, the cross-entropy run at 1\./);
    await p.page.getByRole('button', { name: 'Σ(t − o)²' }).click();
    expect(await p.page.locator('#loss-comparison .note').textContent()).toMatch(/both are measured by average Σ\(t − o\)²/);
    expect(p.errors).toEqual([]);
    await p.page.close();
  });

  it('at depth 1 names the backward pass without a derivative', async () => {
    const p = await open();
    await p.send(snapshot(workedExample, { depth: 1 }));
    for (const stop of [stops[3], stops[5]]) { // backward · output, update
      await p.send({ type: 'stepThrough', documentUri: MODEL_URI, view: stop });
      const text = await p.page.locator('.step-through').innerText();
      expect(text).toContain(stop === stops[3] ? 'Backward' : 'Update');
      expect(text).not.toMatch(/∂|δ|gradient/i);
    }
    await p.page.close();
  });
});
