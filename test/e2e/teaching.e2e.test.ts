// Teaching mode in a real VS Code, on copies of the examples: stepping through a training step (the
// editor's lens and status bar, the panel's bar, diagram and loss chart, the timeline back and forth),
// squared error versus cross-entropy (the page and the panel's overlaid curves), the lecture
// handout (written only when asked, readable in a browser without VS Code), and the walkthrough.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useWorkbench } from './harness/workbench';

/** The step-through lens (`▶ step 1 · forward · hidden · sample 1: out 0.593, 0.597`), if one is shown (a line's lenses are joined by " | "). */
const stepLens = (texts: string[]) => texts.flatMap((t) => t.split(' | ')).find((t) => t.startsWith('▶ step'));

describe('teaching mode in VS Code', () => {
  const vs = useWorkbench({ open: 'worked-example.nn.json' });

  it('Step Through Training walks a step phase by phase in the editor, the panel and the loss chart, and scrubs back', async () => {
    await vs.openFile('worked-example.nn.json');
    await expect.poll(() => vs.codeLensTexts(), { timeout: 60_000 }).toContainEqual(expect.stringMatching(/^loss 0\.2984/));
    await vs.runCommand('GradLens: Open Gradient Panel');
    const panel = vs.webviewFrame();
    await panel.getByRole('button', { name: 'Step through training' }).waitFor({ timeout: 60_000 });
    await vs.focusFirstEditorGroup();

    // From the command palette: the first stop is the forward pass through "hidden", with the published outputs.
    await vs.runCommand('GradLens: Step Through Training');
    await expect.poll(async () => stepLens(await vs.codeLensTexts()), { timeout: 30_000 }).toBe('▶ step 1 · forward · hidden · sample 1: out 0.593, 0.597');
    await expect.poll(async () => Object.values(await vs.statusBar()).join(' '), { timeout: 30_000 }).toMatch(/GradLens Step 1 · forward · layer "hidden" \(1\/6/);
    await expect.poll(() => panel.locator('.phase-badge').textContent(), { timeout: 30_000 }).toBe('Forward');
    expect(await panel.locator('.phase-layer').textContent()).toBe('layer 1 of 2: "hidden"');
    expect(await panel.locator('#diagram .neuron.phase-active').count()).toBe(2);

    // From the panel: ▶ twice reaches the loss, E_total of the worked example; the chart marks step 1.
    await panel.getByRole('button', { name: 'Next phase' }).click();
    await expect.poll(() => panel.locator('.phase-badge').textContent(), { timeout: 30_000 }).toBe('Forward');
    await expect.poll(() => panel.locator('.phase-layer').textContent(), { timeout: 30_000 }).toBe('layer 2 of 2: "output"');
    await panel.getByRole('button', { name: 'Next phase' }).click();
    await expect.poll(() => panel.locator('.phase-badge').textContent(), { timeout: 30_000 }).toBe('Loss');
    expect(await panel.locator('.phase-changes').innerText()).toMatch(/L = 0\.298371/);
    await vs.focusFirstEditorGroup(); // the click left the panel's group active
    await expect.poll(async () => stepLens(await vs.codeLensTexts()), { timeout: 30_000 }).toBe('▶ step 1 · loss · loss 0.2984');
    expect(await panel.locator('#loss').getAttribute('data-step-marker')).toBe('1');
    expect(await panel.locator('#loss canvas').getAttribute('aria-label')).toMatch(/^Step-through run from the initial weights: step 1 moves the training loss from 0\.2984\d* to 0\.2805/); // 0.280471447 by hand (biases updated too)
    await vs.screenshot('step-through-loss');

    // Backward through both layers, the update, then ▶ records step 2.
    for (const phase of ['Backward', 'Backward', 'Update', 'Forward']) {
      await panel.getByRole('button', { name: 'Next phase' }).click();
      await expect.poll(() => panel.locator('.phase-badge').textContent(), { timeout: 30_000 }).toBe(phase);
    }
    expect(await panel.locator('.phase-position').textContent()).toBe('Step 2 · stop 1 of 6');
    await panel.locator('.step-through').screenshot({ path: vs.screenshotPath('step-through-bar') });
    await panel.locator('#loss').scrollIntoViewIfNeeded();
    await panel.locator('#loss').screenshot({ path: vs.screenshotPath('step-through-loss-chart') });
    await vs.focusFirstEditorGroup();
    await expect.poll(async () => stepLens(await vs.codeLensTexts()), { timeout: 30_000 }).toMatch(/^▶ step 2 · forward · hidden · sample 1: out /);
    expect(await panel.locator('.timeline-label').textContent()).toBe('Step 2 of the recorded steps 1–2');

    // Timeline back: the same stop of step 1, in the panel, the lens and the chart.
    await vs.runCommand('GradLens: Timeline: Previous Step');
    await expect.poll(() => panel.locator('.phase-position').textContent(), { timeout: 30_000 }).toBe('Step 1 · stop 1 of 6');
    await expect.poll(async () => stepLens(await vs.codeLensTexts()), { timeout: 30_000 }).toBe('▶ step 1 · forward · hidden · sample 1: out 0.593, 0.597');
    expect(await panel.locator('#loss').getAttribute('data-step-marker')).toBe('1');
    await vs.screenshot('step-through-timeline');

    // Stop: the bar, the lens and the mark go.
    await panel.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => panel.locator('.step-through-active').isVisible(), { timeout: 30_000 }).toBe(false);
    await vs.focusFirstEditorGroup();
    await expect.poll(async () => stepLens(await vs.codeLensTexts()), { timeout: 30_000 }).toBeUndefined();
    expect(await panel.locator('#loss').getAttribute('data-step-marker')).toBe('');
  });

  it('at depth 4 (Derive) the step-through writes δ out by the chain rule; at depth 1 (Drive) the Problems panel speaks without derivatives', async () => {
    await vs.focusFirstEditorGroup();
    await vs.openFile('worked-example.nn.json');
    await vs.runCommand('GradLens: Set Teaching Depth…');
    await vs.pickQuickItem(/4 Derive/);
    for (let i = 0; i < 4; i++) await vs.runCommand('GradLens: Step Through Training'); // backward through "output"
    const panel = vs.webviewFrame();
    // The derivation's formulas are KaTeX (dist/katex/ in the panel), each labelled with its words.
    const formulas = panel.locator('.phase-derivation .math[role="math"]');
    await expect.poll(() => formulas.first().getAttribute('aria-label').catch(() => ''), { timeout: 30_000 })
      .toBe('delta sub 1 equals partial L sub n over partial out sub 1 times f prime net sub 1 equals o sub 1 minus t sub 1 times o sub 1 1 minus o sub 1 equals 0.741365 times 0.186816 equals 0.138499');
    expect(await formulas.first().locator('math').innerHTML()).toContain('<mn>0.741365</mn><mo>⋅</mo><mn>0.186816</mn><mo>=</mo><mn>0.138499</mn>');
    expect(await formulas.nth(1).getAttribute('aria-label')).toBe('partial L over partial w sub 1 1 equals delta sub 1 times a sub 1 equals 0.138499 times 0.59327 equals 0.082167');
    expect((await formulas.first().locator('.katex-html').boundingBox())!.width).toBeGreaterThan(100);
    await panel.locator('.step-through').screenshot({ path: vs.screenshotPath('step-through-derive') });
    await vs.runCommand('GradLens: Stop Stepping Through');

    await vs.openFile('vanishing-gradients.nn.json');
    await expect.poll(async () => (await vs.problems('vanishing-gradients.nn.json')).map((p) => p.message).join('\n'), { timeout: 60_000 }).toMatch(/gradient reaching layer/);
    await vs.runCommand('GradLens: Set Teaching Depth…');
    await vs.pickQuickItem(/1 Drive/);
    await expect.poll(async () => (await vs.problems('vanishing-gradients.nn.json')).map((p) => p.message).join('\n'), { timeout: 60_000 }).toMatch(/barely learns/);
    const drive = (await vs.problems('vanishing-gradients.nn.json')).map((p) => p.message);
    expect(drive.length).toBeGreaterThan(0);
    for (const message of drive) expect(message).not.toMatch(/∂|δ|‖|gradient/i);
    await vs.runCommand('GradLens: Set Teaching Depth…');
    await vs.pickQuickItem(/3 Repair/);
  });

  it('Compare Squared Error and Cross-Entropy shows the signals and McCaffrey\'s figures, and the panel overlays both curves', async () => {
    await vs.focusFirstEditorGroup();
    await vs.openFile('squared-vs-cross-entropy.nn.json');
    await expect.poll(() => vs.codeLensTexts(), { timeout: 60_000 }).toContainEqual(expect.stringMatching(/^loss \d/));
    await vs.runCommand('GradLens: Compare Squared Error and Cross-Entropy');
    const preview = vs.page.frameLocator('iframe.webview.ready[src*="extensionId=vscode.markdown-language-features"]').frameLocator('#active-frame');
    await expect.poll(async () => preview.locator('body').innerText().catch(() => ''), { timeout: 60_000 }).toMatch(/The output signals/);
    const page = await preview.locator('body').innerText();
    // Softmax outputs: the squared-error signal is the Jacobian product, whose own-unit term is o(1 − o)(o − t).
    for (const figure of ['oⱼ(1 − oⱼ)(oⱼ − tⱼ) is the o(1 − o)(o − t) of a sigmoid output', '1.3784', '0.6391', 'Training under each loss']) expect(page).toContain(figure);
    // The two signals and the two losses are KaTeX (GradLens's Markdown-it plugin), each with its words.
    const formulas = preview.locator('.gradlens-math[role="math"]');
    await expect.poll(() => formulas.count(), { timeout: 30_000 }).toBe(4);
    expect(await formulas.nth(1).getAttribute('aria-label')).toBe('cross-entropy: delta sub j equals o sub j minus t sub j');
    expect(await formulas.nth(3).locator('math').innerHTML()).toContain('<mi>ln</mi>');
    expect((await formulas.nth(3).locator('.katex-html').boundingBox())!.width).toBeGreaterThan(150);
    await vs.screenshot('loss-comparison-page');

    await vs.focusFirstEditorGroup();
    await vs.runCommand('GradLens: Open Gradient Panel');
    const panel = vs.webviewFrame();
    await panel.locator('#loss-comparison').waitFor({ state: 'visible', timeout: 60_000 });
    await expect.poll(async () => (await vs.canvasInk(panel)).filter((ink) => ink > 0).length, { timeout: 30_000 }).toBeGreaterThan(1);
    expect(await panel.locator('#loss-comparison').innerText()).toMatch(/cross-entropy/i);
    await panel.locator('#loss-comparison').scrollIntoViewIfNeeded();
    await panel.locator('#loss-comparison').screenshot({ path: vs.screenshotPath('loss-comparison-panel') });
    await panel.getByRole('button', { name: 'Accuracy' }).click();
    await expect.poll(() => panel.locator('#loss-comparison canvas').getAttribute('aria-label'), { timeout: 30_000 }).toMatch(/by accuracy/);
    await panel.locator('#loss-comparison').screenshot({ path: vs.screenshotPath('loss-comparison-accuracy') });
  });

  it('Export Lecture Handout writes one HTML file next to the model, with the derivation and charts, readable in a browser', async () => {
    const handout = vs.path('worked-example.handout.html');
    expect(existsSync(handout)).toBe(false); // nothing is written before the person asks
    await vs.focusFirstEditorGroup();
    await vs.openFile('worked-example.nn.json');
    await expect.poll(() => vs.codeLensTexts(), { timeout: 60_000 }).toContainEqual(expect.stringMatching(/^loss 0\.2984/));
    await vs.runCommand('GradLens: Export Lecture Handout');
    await expect.poll(() => existsSync(handout), { timeout: 60_000 }).toBe(true);
    await expect.poll(() => vs.notifications(), { timeout: 30_000 }).toContainEqual(expect.stringMatching(/wrote worked-example\.handout\.html/));
    const html = vs.readFile('worked-example.handout.html');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|src="http/); // self-contained: no code, nothing fetched

    const browser = await vs.page.context().newPage();
    try {
      await browser.goto(pathToFileURL(handout).href);
      const text = await browser.locator('body').innerText();
      expect(text).toMatch(/0\.082167041/); // ∂E/∂w5 of the published walkthrough
      expect(text).toMatch(/loss 0\.298371\b/); // E_total, in the header
      expect(await browser.locator('svg').count()).toBeGreaterThan(0);
      await browser.screenshot({ path: vs.screenshotPath('handout-in-a-browser'), fullPage: false });
    } finally {
      await browser.close();
    }
  });
});

describe('the walkthrough "Learn back-propagation with GradLens"', () => {
  const vs = useWorkbench();

  it('opens from Welcome, and its first button opens a working copy of the worked example, analysed', async () => {
    await vs.runCommand('Welcome: Open Walkthrough...', () => vs.pickQuickItem(/Learn back-propagation with GradLens/), 'Open Walkthrough');
    const walkthrough = vs.page.locator('.gettingStartedContainer');
    await walkthrough.getByText('1. The worked example, number by number').first().waitFor({ timeout: 30_000 });
    // The step's page (media/walkthrough/1-worked-example.md) says what to look at.
    const media = vs.page.frameLocator('.gettingStartedContainer iframe.webview.ready').frameLocator('#active-frame');
    await expect.poll(async () => media.locator('body').innerText().catch(() => ''), { timeout: 30_000 }).toMatch(/What to look at/);
    await vs.screenshot('walkthrough');
    await walkthrough.getByRole('button', { name: 'Open the worked example' }).click();
    await expect.poll(() => vs.activeTab(), { timeout: 30_000 }).toBe('worked-example.nn.json');
    await expect.poll(() => vs.codeLensTexts(), { timeout: 60_000 }).toContainEqual(expect.stringMatching(/^loss 0\.2984/));
    // The working copy in GradLens's storage (one folder per version), with the data folder beside it.
    const storage = path.join(vs.server.userDataDir, 'User', 'globalStorage', vs.e2e.extensionId, 'examples');
    const [version] = readdirSync(storage);
    expect(readdirSync(path.join(storage, version)).sort()).toEqual(['data', 'worked-example.nn.json']);
  });
});
