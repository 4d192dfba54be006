/**
 * The step-through derivation of a layered network (model file 1.1) at depth Derive: every line of every
 * stop (conv, max and average pool, activation, batch norm, dropout, flatten, dense; the loss; the
 * update of sgd and adam) is a formula KaTeX renders without error, with screen-reader words, and the
 * numbers in its TeX are the numbers of its Unicode line, which are the model file's settings and the
 * step's own loss and learning rate.
 */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { cloneLayered } from '../../src/analysis/layeredNetworks';
import { LayeredNetwork } from '../../src/engine';
import { phaseView } from '../../src/teaching/phaseText';
import type { PhaseView } from '../../src/shared/stepThroughView';
import { LayeredStepRecorder } from '../../src/worker/teaching/layeredStepThrough';
import { usesShippedFontsOnly } from '../helpers/katexFonts';
import type { ModelSession as Session } from '../../src/analysis/modelSession';
import { exampleSession, session } from './helpers';
import { CONV_POOL_NORM_MODEL as CONV_POOL_NORM, pixels } from './convPoolNormModel';

/** Every layer type and setting the layered derivation writes: conv with stride 2, an average pool, batch norm with its own activation, adam. */
const EVERY_LAYER = `{
  "inputs": [1, 6, 6], "seed": 3,
  "layers": [
    { "name": "conv", "type": "conv2d", "filters": 2, "kernel": 3, "stride": 2, "padding": 1 },
    { "name": "act", "type": "activation", "activation": "tanh" },
    { "name": "avg", "type": "avgpool2d", "size": 3 },
    { "name": "norm", "type": "batchnorm", "activation": "relu" },
    { "name": "flat", "type": "flatten" },
    { "name": "hidden", "units": 4, "activation": "sigmoid" },
    { "name": "drop", "type": "dropout", "rate": 0.25 },
    { "name": "out", "units": 2, "activation": "softmax" }
  ],
  "loss": "cross-entropy",
  "data": { "inputs": [[${pixels(0)}], [${pixels(1)}], [${pixels(2)}], [${pixels(3)}]],
            "targets": [[1, 0], [0, 1], [1, 0], [0, 1]] },
  "train": { "optimizer": "adam", "learningRate": 0.003, "batchSize": 3, "epochs": 2 }
}`;

/** Every stop of the first step, as the panel receives it. */
function firstStep(s: Session): PhaseView[] {
  const spec = s.model.layered!.spec;
  const recorder = new LayeredStepRecorder(cloneLayered(LayeredNetwork.fromSpec(spec), spec), s.model.data.train, s.model.loss, s.model.train, {
    seed: s.model.seed, copy: (n) => cloneLayered(n, spec),
  });
  return recorder.stops.map(() => phaseView(recorder.nextPhase()));
}

/** The numbers of a formula, in order: TeX's `1.2\times10^{-7}` read as `1.2e-7`, the text's `−` and `²` as `-` and `2`. */
function numbersOf(formula: string): string[] {
  const plain = formula.replace(/\\times10\^\{(-?\d+)\}/g, 'e$1').replace(/−/g, '-').replace(/²/g, '2');
  return plain.match(/\d+(\.\d+)?(e-?\d+)?/g) ?? [];
}

/** The TeX shows exactly the numbers of the formula's Unicode text, in the same order. */
function expectSameNumbers(tex: string, text: string): void {
  expect(numbersOf(tex), `${tex}\n${text}`).toEqual(numbersOf(text));
}

/** Each derivation line of a stop: its formula (the line without its note) and its math. */
function formulasOf(view: PhaseView): { text: string; tex: string; speech: string; note?: string }[] {
  expect(view.deriveMath, view.title).toHaveLength(view.deriveLines.length);
  return view.deriveLines.map((line, i) => {
    const math = view.deriveMath![i];
    expect(math, `${view.title}: ${line}`).toBeTruthy();
    const note = math!.note;
    if (note !== undefined) expect(line.endsWith(`: ${note}`), line).toBe(true);
    return { text: note === undefined ? line : line.slice(0, line.length - note.length - 2), tex: math!.tex, speech: math!.speech, ...(note ? { note } : {}) };
  });
}

const CORPUS: [string, () => Session][] = [
  ['every layer type (conv stride 2, average pool, activation, batch norm with relu, dropout, adam)', () => session(EVERY_LAYER)],
  ['conv, max pool, batch norm, flatten, dense (sgd)', () => session(CONV_POOL_NORM)],
  ['examples/conv-net.nn.json', () => exampleSession('conv-net.nn.json')],
  ['examples/batchnorm-rescue.nn.json', () => exampleSession('batchnorm-rescue.nn.json')],
  ['examples/dropout.nn.json', () => exampleSession('dropout.nn.json')],
];

describe('the layered step-through derivation renders every line with KaTeX, with the numbers of its text', () => {
  it.each(CORPUS)('%s: every derivation line is a formula KaTeX renders, with its words and its text\'s numbers', (_, open) => {
    const views = firstStep(open());
    let lines = 0;
    for (const view of views) {
      for (const f of formulasOf(view)) {
        lines++;
        const html = katex.renderToString(f.tex, { throwOnError: true, strict: 'error', output: 'htmlAndMathml' });
        usesShippedFontsOnly(html);
        expectSameNumbers(f.tex, f.text);
        expect(f.speech.length, f.text).toBeGreaterThan(5);
        expect(f.speech, f.text).not.toMatch(/[∂Σ·²ₙ⊙√̂μσγβθεᵀ_←*]/);
      }
    }
    expect(lines).toBeGreaterThanOrEqual(views.length);
  });

  it('writes the model file\'s settings and the step\'s loss and learning rate into the formulas', () => {
    const views = firstStep(session(EVERY_LAYER));
    const at = (phase: string, layer?: string) => formulasOf(views.find((v) => v.phase === phase && v.layerName === layer)!);
    expect(at('forward', 'conv')[0].text).toBe('out[f, i, j] = Σ_c Σ_u Σ_v W[f, c, u, v] · x[c, i·2 + u − 1, j·2 + v − 1] + b[f]');
    expect(at('forward', 'conv')[0].tex).toContain('x[c,\\ i \\cdot 2 + u - 1,\\ j \\cdot 2 + v - 1]');
    expect(at('forward', 'avg')[0].text).toBe('out[c, i, j] = (1/(3·3)) Σ_u Σ_v x[c, i·3 + u, j·3 + v]');
    expect(at('forward', 'drop')[0].text).toBe('out = m ⊙ x / (1 − 0.25)');
    expect(at('backward', 'drop')[0].tex).toBe('\\partial L/\\partial x = m \\odot \\partial L/\\partial \\mathrm{out} / (1 - 0.25)');
    expect(at('forward', 'norm')[0].text).toBe('x̂ = (x − μ)/√(σ² + ε), out = γ·x̂ + β, ε = 0.00001');
    expect(at('backward', 'norm').map((f) => f.text)).toEqual([
      '∂L/∂net = f′(net) ⊙ ∂L/∂out', '∂L/∂γ = Σ ∂L/∂out · x̂, ∂L/∂β = Σ ∂L/∂out', '∂L/∂x = ∂L/∂x̂ · ∂x̂/∂x + ∂L/∂μ · ∂μ/∂x + ∂L/∂σ² · ∂σ²/∂x',
    ]);
    expect(at('backward', 'norm')[0].note).toBe('first through its relu.');
    const loss = views.find((v) => v.phase === 'loss')!;
    const [lossLine] = formulasOf(loss);
    const written = /= ([0-9.]+)$/.exec(lossLine.text)![1];
    expect(Number(written)).toBeCloseTo(loss.loss!.value, 8);
    expect(lossLine.text).toMatch(/^L = \(1\/3\) Σₙ Lₙ = /);
    expect(lossLine.tex).toBe(`L = (1/3) \\sum_n L_n = ${written}`);
    const [update] = formulasOf(views.find((v) => v.phase === 'update')!);
    expect(update.text).toBe('θ ← θ + Δθ, η = 0.003');
    expect(update.note).toContain('adam');
    expect(update.speech).toBe('theta becomes theta plus delta theta, eta equals 0.003');
  });

  it('the rule of each layer type keeps its words as the note after the formula', () => {
    const views = firstStep(session(CONV_POOL_NORM));
    const lines = (phase: string, layer: string) => views.find((v) => v.phase === phase && v.layerName === layer)!.deriveLines;
    expect(lines('backward', 'conv')[1]).toBe('∂L/∂W[f, c, u, v] = Σ_n Σ_i Σ_j ∂L/∂net[n, f, i, j] · x[n, c, i·1 + u − 1, j·1 + v − 1]: the correlation of the input with the gradient map of filter f.');
    expect(lines('backward', 'pool')).toEqual(['∂L/∂x[c, i·2 + u*, j·2 + v*] = ∂L/∂out[c, i, j]: (u*, v*) is the position of the maximum of window (i, j); every other input of the window gets 0: max-pool routes the gradient to the maximum.']);
    expect(lines('backward', 'flat')).toEqual(['∂L/∂x[c, y, x] = ∂L/∂out[c·H·W + y·W + x]: ∂L/∂out read back in the shape 3×3×3: flatten moves numbers and computes nothing.']);
    const update = views.find((v) => v.phase === 'update')!;
    expect(update.deriveLines).toEqual(['θ ← θ − η · ∂L/∂θ, η = 0.5: for every trainable parameter θ.']);
  });

  it('a wrong number in the TeX fails the comparison with the text', () => {
    const views = firstStep(session(CONV_POOL_NORM));
    const [conv] = formulasOf(views.find((v) => v.phase === 'forward' && v.layerName === 'conv')!);
    expectSameNumbers(conv.tex, conv.text);
    expect(() => expectSameNumbers(conv.tex.replace('u - 1', 'u - 2'), conv.text)).toThrow();
    const [loss] = formulasOf(views.find((v) => v.phase === 'loss')!);
    expect(() => expectSameNumbers(loss.tex.replace(/(\d)$/, (d) => String((Number(d) + 1) % 10)), loss.text)).toThrow();
  });
});
