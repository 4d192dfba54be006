/**
 * The lecture handout of a layered model (issue 15) and the decision boundary in the handout (issue 17),
 * made the way Export Lecture Handout makes them: the worker's teaching request on the session store,
 * then `buildHandout` with the analysis. The pictures are read back from the HTML (one `<rect>` per
 * cell) and compared with the analysis' numbers; the derivation, the loss comparison and the training
 * curves with the layered engine and trainer run here directly.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import type { Analysis } from '../../src/analysis/types';
import { BatchNormLayer, DenseLayerOp, EVALUATION, layeredBackprop, layeredForward, LayeredTrainer, LayeredWorkspace, matrix, predict, type LayeredNetwork } from '../../src/engine';
import { buildHandout } from '../../src/teaching/handout';
import { heatColour, scaleFor } from '../../src/teaching/handoutPictures';
import { fmt } from '../../src/teaching/text';
import { openSession } from '../../src/worker/openSession';
import { SessionStore } from '../../src/worker/sessionStore';
import { TeachingRequests } from '../../src/worker/teachingRequests';
import { isProblem, type HandoutAnswer, type LossComparisonAnswer, type WorkerDocument } from '../../src/worker/workerProtocol';
import type { ModelSession } from '../../src/analysis/modelSession';
import { exampleFile, exampleText } from './helpers';

const WORK = { signal: { aborted: false }, yieldToEventLoop: async () => {} };

function documentOf(text: string, fileName: string): WorkerDocument {
  return { uri: `file://${fileName}`, version: 1, text, fileName, settings: DEFAULT_ANALYSIS_SETTINGS };
}

interface Made {
  readonly store: SessionStore;
  readonly doc: WorkerDocument;
  readonly session: ModelSession;
  readonly analysis: Analysis;
  readonly answer: HandoutAnswer;
  readonly html: string;
}

async function handoutOf(text: string, fileName: string, trainSteps = 0): Promise<Made> {
  const store = new SessionStore(openSession);
  const doc = documentOf(text, fileName);
  const session = store.get(doc).session!;
  if (trainSteps > 0) await session.train({ steps: trainSteps });
  const analysis = store.analyse(doc)!.analysis!;
  const answer = await new TeachingRequests(store).handout(doc, WORK);
  if (isProblem(answer)) throw new Error(answer.problem);
  return { store, doc, session, analysis, answer, html: buildHandout({ analysis, ...answer }) };
}

/** A number's digits as KaTeX's MathML writes them: no sign, the mantissa of `1.2e−5` (`1.2 × 10^−5`). */
function mn(value: number): string {
  return fmt(Math.abs(value)).replace(/e.*$/, '');
}

/** The derivation's formulas: each KaTeX MathML block with its screen-reader words (src/teaching/mathHtml.ts). */
/** The formulas of the chain-rule part only: the loss comparison after it writes its own MathML. */
function derivationFormulas(html: string): { words: string; mathml: string }[] {
  const start = html.indexOf('The chain rule with the real numbers');
  const comparison = html.indexOf('Squared error versus cross-entropy', start);
  const part = html.slice(start, comparison < 0 ? undefined : comparison);
  return [...part.matchAll(/<div class="gradlens-math" role="math" aria-label="([^"]+)"><span class="katex"><math display="block">([\s\S]*?)<\/math><\/span><\/div>/g)]
    .map((m) => ({ words: m[1], mathml: m[2] }));
}

/** Every `<svg class="heat" …>…</svg>` with its label and its cells' colours, one per cell, in row-major order. */
function heatMaps(html: string): { label: string; fills: string[] }[] {
  return [...html.matchAll(/<svg class="heat" role="img" aria-label="([^"]*)"[^>]*>(.*?)<\/svg>/g)].map((m) => ({
    label: m[1],
    // A rectangle of width k stands for k cells of its row, left to right.
    fills: [...m[2].matchAll(/<rect x="\d+" y="\d+" width="(\d+)" height="1" fill="(#[0-9a-f]{6})"\/>/g)].flatMap((f) => new Array<string>(Number(f[1])).fill(f[2])),
  }));
}

function expectSelfContained(html: string): void {
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  expect(html).not.toMatch(/https?:/i);
  expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|\bhref=|url\(|@import/i);
}

describe('the lecture handout of the digits CNN', () => {
  let made: Made;
  beforeAll(async () => {
    made = await handoutOf(exampleText('conv-net.nn.json'), exampleFile('conv-net.nn.json'));
  }, 120_000);

  it('draws the network as stacks of maps with C×H×W, dense layers as units', () => {
    const { html } = made;
    expect(html).toContain('aria-label="network diagram: input 1×8×8 → conv1 (conv2d) 8×8×8 → relu1 (activation) 8×8×8 → pool1 (maxpool2d) 8×4×4 → conv2 (conv2d) 16×4×4 → flat (flatten) 256 → output (dense) 10"');
    expect(html).toContain('1×8×8 → conv1 8×8×8 → relu1 8×8×8 → pool1 8×4×4 → conv2 16×4×4 → flat 256 → output 10');
  });

  it('draws the input image, its saliency, and for every image layer one feature map and one gradient map per channel', () => {
    const maps = heatMaps(made.html);
    const count = (prefix: string) => maps.filter((m) => m.label.startsWith(prefix)).length;
    expect(count('Input image of sample 1')).toBe(1);
    expect(count('Saliency ∂Lₙ/∂x of sample 1')).toBe(1);
    for (const [name, channels] of [['conv1', 8], ['relu1', 8], ['pool1', 8], ['conv2', 16]] as const) {
      expect(count(`${name}, feature map `), name).toBe(channels);
      expect(count(`${name}, gradient map `), name).toBe(channels);
    }
    expect(count('conv1, kernel of filter ')).toBe(8);
    expect(count('conv1, gradient ∂L/∂w of filter ')).toBe(8);
    expect(maps.filter((m) => m.label.startsWith('flat') || m.label.startsWith('output'))).toEqual([]);
  });

  it('colours every cell of the pictures with the analysis\' own numbers, and the pictures are not blank', () => {
    const { analysis, html } = made;
    const maps = heatMaps(html);
    const input = maps.find((m) => m.label.startsWith('Input image'))!;
    const x = analysis.sampleInputs[0];
    expect(input.fills).toEqual(x.map((v) => heatColour(v, scaleFor(x))));
    // The digit: its ink pixels are exactly the non-zero inputs, and there are some of both.
    const inked = input.fills.filter((f) => f !== '#ffffff').length;
    expect(inked).toBe(x.filter((v) => v > 0).length);
    expect(inked).toBeGreaterThan(10);
    expect(inked).toBeLessThan(64);

    analysis.layers.forEach((layer) => {
      const shape = layer.layered!.outputShape;
      if (shape.length !== 3) return;
      const [C, H, W] = shape;
      const out = layer.out[0], delta = layer.delta[0];
      for (let c = 0; c < C; c++) {
        const map = maps.find((m) => m.label.startsWith(`${layer.name}, feature map ${c + 1} of`))!;
        expect(map.fills, `${layer.name} map ${c + 1}`).toEqual(out.slice(c * H * W, (c + 1) * H * W).map((v) => heatColour(v, scaleFor(out))));
        const grad = maps.find((m) => m.label.startsWith(`${layer.name}, gradient map ${c + 1} of`))!;
        expect(grad.fills).toEqual(delta.slice(c * H * W, (c + 1) * H * W).map((v) => heatColour(v, scaleFor(delta, true))));
      }
      const distinct = new Set(maps.filter((m) => m.label.startsWith(`${layer.name}, feature map`)).flatMap((m) => m.fills));
      expect(distinct.size, `${layer.name} is not blank`).toBeGreaterThan(5);
    });

    const weights = analysis.layers[0].weights.value as number[][];
    const kernel = maps.find((m) => m.label.startsWith('conv1, kernel of filter 3,'))!;
    expect(kernel.fills).toEqual(weights[2].map((v) => heatColour(v, scaleFor(weights.flat(), true))));
  });

  it('gives every picture a text alternative', () => {
    const { html } = made;
    const svgs = html.match(/<svg [^>]*>/g) ?? [];
    expect(svgs.length).toBeGreaterThan(100);
    for (const tag of svgs) {
      if (!/role="img"/.test(tag)) {
        expect(tag, 'only parts of the boundary\'s picture may go without').toMatch(/overflow="hidden"|class="cells"/);
        continue;
      }
      expect(tag).toMatch(/aria-label="[^"]{8,}"/);
    }
    expect(html).toMatch(/aria-label="conv1, feature map 1 of 8 \(8×8\), sample 1: values -?[\d.−e]+ … [\d.e−]+"/);
    expect(html).toContain('<details><summary>The numbers (rows separated by /)</summary><table>');
  });

  it('writes out ∂L/∂w of conv1\'s centre weight, whose total is the engine\'s gradient', () => {
    const { answer, analysis, html, session } = made;
    const e = answer.layeredExplanation!;
    if (e.kind !== 'conv2d') throw new Error(`a ${e.kind} explanation`);
    expect(e).toMatchObject({ kind: 'conv2d', layerName: 'conv1', index: [0, 0, 1, 1], termCount: 1438 * 64 });
    const engine = (analysis.layers[0].weights.grad as number[][])[0][4];
    expect(e.engine).toBe(engine);
    expect(Math.abs(e.mean - engine) / Math.abs(engine)).toBeLessThan(1e-10);
    // The engine's gradient, independently: a training-mode pass over a fresh copy of the analysed network.
    const probe = session.copy(made.store.analysed(made.doc)!.network) as LayeredNetwork;
    const direct = layeredBackprop(probe, session.model.data.train, session.model.loss).gradients[0][0][4];
    expect(Math.abs(direct - engine) / Math.abs(engine)).toBeLessThan(1e-12);
    expect(html).toContain('∂L/∂w of conv1.weights[1, 1, 2, 2]');
    // The mean and the engine's value, digit for digit, in the derivation's MathML (bold, as the page's **…**).
    expect(html).toContain(`<mn mathvariant="bold">${mn(e.mean)}</mn>`);
    expect(html).toContain(`<mn mathvariant="bold">${mn(engine)}</mn>`);
  });

  it('writes the derivation\'s formulas as MathML (no KaTeX fonts or CSS), each with its screen-reader words, as the dense handout does', () => {
    const { answer, html } = made;
    const e = answer.layeredExplanation!;
    if (e.kind !== 'conv2d') throw new Error(`a ${e.kind} explanation`);
    const formulas = derivationFormulas(html);
    // The term-by-term sum and the mean with the engine's value.
    expect(formulas.length).toBe(2);
    for (const { words, mathml } of formulas) {
      expect(words.length).toBeGreaterThan(10);
      expect(words).not.toMatch(/[∂Σ·ₙ]|\*\*/);
      expect(mathml).toContain('<mo>=</mo>');
    }
    const sum = formulas.find((f) => f.words.includes('the other'))!;
    expect(sum.mathml).toContain(`<mn mathvariant="bold">${mn(e.sum)}</mn>`);
    const [first] = e.shown;
    expect(sum.mathml).toContain(`<mn>${mn(first.delta)}</mn>`);
    const mean = formulas.find((f) => f.words.includes('engine'))!;
    expect(mean.words).toContain(`1 over ${e.samples}`);
    expect(mean.mathml).toContain(`<mn>${e.samples}</mn>`);
    expect(html).not.toContain('class="katex-html"');
    expect(html).not.toContain('gradlens-math"}');
    expect(html).not.toContain('<pre><code>');
  });

  it('compares squared error and cross-entropy with the layered engine\'s numbers, and the curves are the layered trainer\'s', async () => {
    const { answer, session } = made;
    const { comparison, curves } = answer.comparison!;
    const data = session.model.data.train;
    const at = () => session.initialAnyNetwork() as LayeredNetwork;
    expect(comparison.squaredLoss).toBe(layeredBackprop(at(), data, 'squared').loss);
    expect(comparison.crossEntropyLossValue).toBe(layeredBackprop(at(), data, 'cross-entropy').loss);
    expect(comparison.layers.map((l) => l.name)).toEqual(['conv1', 'conv2', 'output']);
    expect(comparison.maxFormulaRelDiff).toBeLessThan(1e-12);
    expect(curves.steps).toBeGreaterThan(1);
    for (const [loss, points] of [['squared', curves.squared], ['cross-entropy', curves.crossEntropy]] as const) {
      const trainer = new LayeredTrainer(at(), data, loss, session.model.train, { seed: session.model.seed });
      const recorded = new Set(points.map((p) => p.step));
      const expected = new Map([[0, trainer.evaluateLoss()]]);
      for (let s = 1; s <= curves.steps; s++) { trainer.step(); if (recorded.has(s)) expected.set(s, trainer.evaluateLoss()); }
      expect(points.length).toBeGreaterThanOrEqual(4);
      for (const p of points) expect(p.loss, `${loss} at step ${p.step}`).toBe(expected.get(p.step));
    }
    expect(made.html).toContain('Squared error versus cross-entropy');
  }, 120_000);

  it('refers to nothing outside itself and runs no script', () => {
    expectSelfContained(made.html);
    expect(made.html).not.toContain('not yet');
  });
});

const LINEAR_OUTPUT = `{
  "inputs": [1, 4, 4], "seed": 5,
  "layers": [
    { "name": "conv", "type": "conv2d", "filters": 2, "kernel": 3, "padding": 1, "activation": "relu" },
    { "name": "<b>pool</b>", "type": "maxpool2d", "size": 2 },
    { "type": "flatten" },
    { "name": "out", "units": 1, "activation": "linear" }
  ],
  "loss": "squared",
  "data": { "inputs": [[${new Array(16).fill(0).map((_, i) => (i % 3) / 2).join(', ')}], [${new Array(16).fill(0).map((_, i) => (i % 5) / 4).join(', ')}]],
            "targets": [[0.5], [-1]] },
  "train": { "optimizer": "sgd", "learningRate": 0.1, "batchSize": 2, "epochs": 3 }
}`;

describe('a layered model whose output is no probability', () => {
  it('gets a handout with a sentence why there is no comparison, never "not yet", with its names escaped', async () => {
    const { html } = await handoutOf(LINEAR_OUTPUT, '/tmp/linear.nn.json');
    expect(html).toContain('No comparison for this model: cross-entropy compares probabilities, so the output layer must be sigmoid or softmax; &quot;out&quot; is linear.');
    expect(html).not.toContain('not yet');
    expect(html).not.toContain('<b>pool');
    expect(html).toContain('&lt;b&gt;pool&lt;/b&gt;');
    expectSelfContained(html);
  });

  it('gets the same sentence from Compare Squared Error and Cross-Entropy', async () => {
    const store = new SessionStore(openSession);
    const doc = documentOf(LINEAR_OUTPUT, '/tmp/linear.nn.json');
    store.analyse(doc);
    const answer = await new TeachingRequests(store).compareLosses(doc, WORK) as LossComparisonAnswer | { problem: string };
    expect(answer).toEqual({ problem: 'cross-entropy compares probabilities, so the output layer must be sigmoid or softmax; "out" is linear.' });
  });
});

describe('the decision boundary in the handout of a two-input model', () => {
  let made: Made;
  beforeAll(async () => {
    made = await handoutOf(exampleText('xor.nn.json'), exampleFile('xor.nn.json'), 300);
  }, 60_000);

  /** The cells of the picture (an n × n viewBox, y down): grid row (0 at the bottom), first column, run length, fill. */
  function cells(html: string, n: number): { row: number; col: number; cols: number; fill: string }[] {
    const inner = /<svg class="cells" [^>]*viewBox="0 0 (\d+) \1"[^>]*>(.*?)<\/svg>/.exec(html)!;
    expect(Number(inner[1])).toBe(n);
    return [...inner[2].matchAll(/<rect x="(\d+)" y="(\d+)" width="(\d+)" height="1" fill="(#[0-9a-f]{6})"\/>/g)]
      .map((m) => ({ row: n - 1 - Number(m[2]), col: Number(m[1]), cols: Number(m[3]), fill: m[4] }));
  }

  it('colours the plane by the engine\'s forward pass at the cells\' centres', () => {
    const { answer, html, session } = made;
    const grid = answer.boundary!;
    const n = grid.resolution;
    const drawn = cells(html, n);
    for (let i = 0; i < n; i++) expect(drawn.filter((c) => c.row === i).reduce((s, c) => s + c.cols, 0), `row ${i}`).toBe(n);
    const network = session.currentNetwork;
    const dx = (grid.xRange[1] - grid.xRange[0]) / n, dy = (grid.yRange[1] - grid.yRange[0]) / n;
    for (const [i, j] of [[0, 0], [0, n - 1], [n - 1, 0], [n - 1, n - 1], [n >> 1, n >> 1], [7, n - 9], [n - 5, 11]]) {
      const x = grid.xRange[0] + (j + 0.5) * dx, y = grid.yRange[0] + (i + 0.5) * dy;
      const p = predict(network, matrix(1, 2, Float64Array.from([x, y]))).data[0];
      // binary: t = (p − ½)/½ quantised to 1/32, blue above ½, red below, mixed with white by |t|.
      const expected = heatColour(Math.round(((p - 0.5) / 0.5) * 32) / 32, { kind: 'diverging', maxAbs: 1 });
      const cell = drawn.find((c) => c.row === i && c.col <= j && j < c.col + c.cols)!;
      expect(cell.fill, `cell (${i}, ${j}), p = ${p}`).toBe(expected);
    }
    // Trained on XOR: both classes have their regions.
    expect(new Set(drawn.map((c) => c.fill)).size).toBeGreaterThan(10);
    expect(drawn.some((c) => c.fill === heatColour(1, { kind: 'diverging', maxAbs: 1 }))).toBe(true);
    expect(drawn.some((c) => c.fill === heatColour(-1, { kind: 'diverging', maxAbs: 1 }))).toBe(true);
  });

  it('draws the four training points, the hidden units\' lines and pictures, with a text alternative', () => {
    const { html, answer } = made;
    expect(html).toContain('aria-label="Decision boundary of &quot;XOR 2-3-1&quot; over input 1 and input 2: red where the output is below 0.5, blue above; 4 training points (circles), 0 test points (squares), the lines of 3 units of hidden."');
    expect((html.match(/<circle [^>]*r="6" fill="#(2166ac|b2182b)"/g) ?? [])).toHaveLength(4);
    expect((html.match(/stroke-dasharray="5 3"/g) ?? []).length).toBe(answer.boundary!.units.length);
    const units = heatMaps(html).filter((m) => m.label.startsWith('Output of unit '));
    expect(units.map((u) => u.fills.length)).toEqual([0, 1, 2].map(() => answer.boundary!.unitResolution ** 2));
    expect(html).toContain('<summary>The points in a table</summary>');
    expectSelfContained(html);
  });

  it('is left out for a model of more than two inputs', async () => {
    const { answer, html } = await handoutOf(exampleText('iris.nn.json'), exampleFile('iris.nn.json'));
    expect(answer.boundary).toBeUndefined();
    expect(html).not.toContain('The decision boundary');
  });
});

describe('the lecture handout of a batch-norm model (examples/batchnorm-rescue.nn.json)', () => {
  it('writes γ\'s derivation and the three paths back to an input as MathML with their words, the paths adding up to the engine\'s ∂L/∂x', async () => {
    const { answer, html } = await handoutOf(exampleText('batchnorm-rescue.nn.json'), exampleFile('batchnorm-rescue.nn.json'));
    const e = answer.layeredExplanation!;
    if (e.kind !== 'batchnorm') throw new Error(`a ${e.kind} explanation`);
    const formulas = derivationFormulas(html);
    // The rule, the sum, the mean, the rule of the input's gradient and the three paths added up.
    expect(formulas.length).toBe(5);
    expect(formulas.every((f) => f.words.length > 10 && !/[∂Σ·]/.test(f.words))).toBe(true);
    expect(formulas[0].mathml).toContain('<mi>γ</mi>');
    const paths = formulas.at(-1)!;
    const b = e.paths;
    for (const value of [b.direct, b.throughMean, b.throughVariance]) expect(paths.mathml).toContain(`<mn>${mn(value)}</mn>`);
    expect(paths.mathml).toContain(`<mn mathvariant="bold">${mn(b.total)}</mn>`);
    expect(paths.mathml).toContain(`<mn mathvariant="bold">${mn(b.engine)}</mn>`);
    expect(Math.abs(b.direct + b.throughMean + b.throughVariance - b.engine)).toBeLessThan(1e-9 * Math.max(1e-6, Math.abs(b.engine)) + 1e-15);
    expectSelfContained(html);
  }, 120_000);
});

/** Two noisy blobs per class on the plane, written out: a layered model with batch norm and dropout over two inputs. */
const LAYERED_TWO_INPUTS = JSON.stringify({
  name: 'Blobs <BN>', seed: 4, inputs: 2, init: 'he',
  layers: [
    { name: 'hidden', units: 5, activation: 'tanh' },
    { name: 'bn', type: 'batchnorm' },
    { name: 'drop', type: 'dropout', rate: 0.3 },
    { name: 'out', units: 1, activation: 'sigmoid', init: 'xavier' },
  ],
  loss: 'binary-cross-entropy',
  data: {
    inputs: [[-1.2, -0.8], [-0.9, -1.1], [1.1, 0.9], [0.8, 1.3], [-1.0, 1.1], [-1.3, 0.7], [0.9, -1.2], [1.2, -0.7]],
    targets: [[0], [0], [0], [0], [1], [1], [1], [1]],
  },
  train: { optimizer: 'adam', learningRate: 0.05, batchSize: 4, epochs: 50 },
}, null, 2);

describe('the decision boundary in the handout of a layered two-input model (batch norm, dropout)', () => {
  let made: Made;
  beforeAll(async () => {
    made = await handoutOf(LAYERED_TWO_INPUTS, '/tmp/blobs.nn.json', 60);
  }, 60_000);

  /** The engine's layered forward pass in evaluation mode on one point, on a workspace of its own. */
  function evaluateAt(network: LayeredNetwork, x: number, y: number): number {
    const ws = new LayeredWorkspace(network, 1);
    layeredForward(network, ws, Float64Array.from([x, y]), 1, EVALUATION);
    return ws.out[network.layers.length - 1][0];
  }

  it('has a boundary whose every cell is the engine\'s forward pass in evaluation mode at the cell\'s centre', () => {
    const { answer, session } = made;
    const grid = answer.boundary!;
    expect(grid).toBeDefined();
    expect(grid.kind).toBe('binary');
    const network = session.anyNetwork as LayeredNetwork;
    const n = grid.resolution;
    expect(grid.values).toHaveLength(n * n);
    const dx = (grid.xRange[1] - grid.xRange[0]) / n, dy = (grid.yRange[1] - grid.yRange[0]) / n;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const p = evaluateAt(network, grid.xRange[0] + (j + 0.5) * dx, grid.yRange[0] + (i + 0.5) * dy);
        expect(grid.values[i * n + j], `cell (${i}, ${j})`).toBe(p);
      }
    }
    // Trained for 60 steps on two classes: both sides of ½ appear on the plane.
    expect(grid.values.some((v) => v > 0.5) && grid.values.some((v) => v < 0.5)).toBe(true);
    // Evaluation mode, not training mode: batch norm's running statistics differ from the batch's.
    const bn = network.layers[1];
    expect(bn).toBeInstanceOf(BatchNormLayer);
    expect(Array.from((bn as BatchNormLayer).runningMean).some((m) => m !== 0)).toBe(true);
  });

  it('draws the cells in the colours of those values, and the eight training points where the data has them', () => {
    const { answer, html, session } = made;
    const grid = answer.boundary!;
    const n = grid.resolution;
    const inner = /<svg class="cells" [^>]*viewBox="0 0 (\d+) \1"[^>]*>(.*?)<\/svg>/.exec(html)!;
    expect(Number(inner[1])).toBe(n);
    const drawn = [...inner[2].matchAll(/<rect x="(\d+)" y="(\d+)" width="(\d+)" height="1" fill="(#[0-9a-f]{6})"\/>/g)]
      .map((m) => ({ row: n - 1 - Number(m[2]), col: Number(m[1]), cols: Number(m[3]), fill: m[4] }));
    for (const [i, j] of [[0, 0], [n - 1, n - 1], [n >> 1, n >> 1], [3, n - 4]]) {
      const expected = heatColour(Math.round(((grid.values[i * n + j] - 0.5) / 0.5) * 32) / 32, { kind: 'diverging', maxAbs: 1 });
      expect(drawn.find((c) => c.row === i && c.col <= j && j < c.col + c.cols)!.fill, `cell (${i}, ${j})`).toBe(expected);
    }
    const data = session.model.data.train;
    expect(grid.points.map((p) => [p.x, p.y, p.label, p.set])).toEqual(
      Array.from({ length: 8 }, (_, r) => [data.inputs.data[2 * r], data.inputs.data[2 * r + 1], data.targets.data[r], 'train']));
    const network = session.anyNetwork as LayeredNetwork;
    grid.points.forEach((p) => expect(p.output).toBe(evaluateAt(network, p.x, p.y)));
    expect(html.match(/<circle [^>]*r="6" fill="#(2166ac|b2182b)"/g) ?? []).toHaveLength(8);
    expect(html).toContain('aria-label="Decision boundary of &quot;Blobs &lt;BN&gt;&quot; over input 1 and input 2: red where the output is below 0.5, blue above; 8 training points (circles), 0 test points (squares), the lines of 5 units of hidden."');
    expect((html.match(/stroke-dasharray="5 3"/g) ?? []).length).toBe(grid.units.filter((u) => u.wx !== 0 || u.wy !== 0).length);
    expect(grid.evaluationMode).toBe(true);
    expect(html).toContain('The network answers as after training (evaluation mode): dropout passes every value, batch norm uses its running statistics.</figcaption>');
    expectSelfContained(html);
  });

  it('the first dense layer\'s units are the lines and pictures: net = wx·x + wy·y + c from its own weights', () => {
    const { answer, session } = made;
    const grid = answer.boundary!;
    const hidden = (session.anyNetwork as LayeredNetwork).layers[0] as DenseLayerOp;
    expect(grid.units.map((u) => [u.wx, u.wy, u.c])).toEqual(Array.from({ length: 5 }, (_, u) => [hidden.weights[2 * u], hidden.weights[2 * u + 1], hidden.bias[u]]));
    const m = grid.unitResolution;
    const dx = (grid.xRange[1] - grid.xRange[0]) / m, dy = (grid.yRange[1] - grid.yRange[0]) / m;
    for (const u of grid.units) {
      for (const k of [0, m * m - 1, (m * m) >> 1]) {
        const x = grid.xRange[0] + ((k % m) + 0.5) * dx, y = grid.yRange[0] + (Math.floor(k / m) + 0.5) * dy;
        expect(u.values[k]).toBeCloseTo(Math.tanh(u.wx * x + u.wy * y + u.c), 12);
      }
    }
  });


  it('the panel\'s boundary view gets the same plane from the worker (no "dense layers only" problem)', () => {
    const { store, doc, answer } = made;
    const panel = new TeachingRequests(store).boundary(doc, { xFeature: 0, yFeature: 1, hold: { kind: 'mean' } });
    expect(isProblem(panel)).toBe(false);
    expect(panel).toEqual(answer.boundary);
  });
});

describe('a layered model of image inputs', () => {
  it('gets no decision boundary in its handout, and the panel\'s boundary view says why', async () => {
    const { answer, html, store, doc } = await handoutOf(LINEAR_OUTPUT, '/tmp/linear.nn.json');
    expect(answer.boundary).toBeUndefined();
    expect(html).not.toContain('The decision boundary');
    expect(new TeachingRequests(store).boundary(doc, { xFeature: 0, yFeature: 1, hold: { kind: 'mean' } }))
      .toEqual({ problem: 'the decision boundary is drawn over two input features; this model\'s inputs are an image (1×4×4)' });
  });
});
