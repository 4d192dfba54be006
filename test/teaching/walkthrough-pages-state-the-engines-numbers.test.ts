/**
 * The walkthrough's pages (media/walkthrough/*.md) quote numbers a teacher will point at on screen.
 * Each is checked here against what GradLens's engine computes on that step's example, so a page can
 * never promise a number the lenses do not show.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Network } from '../../src/engine';
import { toNetworkSpec } from '../../src/model/types';
import { explainGradient } from '../../src/worker/teaching/chainRule';
import { explanationMarkdown } from '../../src/teaching/chainRuleMarkdown';
import { errorMeasures } from '../../src/worker/teaching/lossComparison';
import { StepRecorder } from '../../src/worker/teaching/stepThrough';
import { analyse, exampleFile, exampleSession, exampleText, session } from './helpers';
import type { Analysis } from '../../src/analysis/types';
import { texted } from '../helpers/textedRecorder';

const page = (name: string) => readFileSync(path.resolve(__dirname, '..', '..', 'media', 'walkthrough', name), 'utf8');

/** The decimals a page quotes with at least `digits` significant digits (minus signs as − or -). */
function longNumbers(text: string, digits: number): number[] {
  return [...text.matchAll(/[−-]?\d*\.\d+/g)]
    .map((m) => m[0].replace('−', '-'))
    .filter((s) => s.replace(/^-?0*\.?0*/, '').replace('.', '').length >= digits)
    .map(Number);
}

describe('1. the worked example', () => {
  const text = page('1-worked-example.md');
  const session = exampleSession('worked-example.nn.json');
  const analysis = analyse(session);
  const pages = [
    explanationMarkdown(explainGradient(analysis, { layerIndex: 1, param: 'weights', index: [0, 0] }), { depth: 4 }),
    explanationMarkdown(explainGradient(analysis, { layerIndex: 0, param: 'weights', index: [0, 0] }), { depth: 4 }),
  ].join('\n');

  it('quotes only numbers of the engine\'s explanations of w5 and w1 (every long decimal appears on those pages)', () => {
    // (the loss and w5 after the update are checked below)
    const quoted = longNumbers(text, 6).filter((v) => v !== 0.35891648 && v !== 0.298371109);
    expect(quoted.length).toBeGreaterThanOrEqual(10);
    for (const v of quoted) expect(pages, String(v)).toContain(String(Math.abs(v)));
  });

  it('gives the loss the lens shows, and the gradient the hint shows', () => {
    expect(text).toContain(`**${analysis.loss.toFixed(9)}**`);
    expect(text).toContain('∂L/∂w 0.0822');
    expect((analysis.layers[1].weights?.grad as number[][])[0][0].toFixed(4)).toBe('0.0822');
  });

  it('gives w5 after the step-through\'s update', () => {
    const recorder = texted(new StepRecorder(Network.fromSpec(toNetworkSpec(session.model)), session.model.data.train, session.model.loss, session.model.train));
    const record = recorder.takeStep();
    expect(text).toContain(`**${record.layers[1].weightsAfter[0].toFixed(8)}**`);
  });
});

describe('2. XOR', () => {
  it('starts at accuracy 25 %, outputs near 0.5 and a loss of about ln 2 ≈ 0.69', () => {
    const text = page('2-xor.md');
    expect(text).toMatch(/accuracy 25 %/);
    expect(text).toMatch(/ln 2 ≈ 0\.69/);
    const analysis = analyse(exampleSession('xor.nn.json'));
    expect(analysis.accuracy).toBe(0.25);
    expect(analysis.loss.toFixed(2)).toBe('0.69');
    const outputs = analysis.layers[analysis.layers.length - 1].out.flat();
    expect(outputs).toHaveLength(4);
    for (const o of outputs) expect(Math.abs(o - 0.5)).toBeLessThan(0.1);
  });
});

describe('3. squared error versus cross-entropy', () => {
  it('quotes McCaffrey\'s measures as the engine computes them', () => {
    const text = page('3-squared-vs-cross-entropy.md');
    const targets = [[0, 0, 1], [0, 1, 0], [1, 0, 0]];
    const n1 = errorMeasures([[0.3, 0.3, 0.4], [0.3, 0.4, 0.3], [0.1, 0.2, 0.7]], targets);
    const n2 = errorMeasures([[0.1, 0.2, 0.7], [0.1, 0.7, 0.2], [0.3, 0.4, 0.3]], targets);
    for (const figure of [n1.meanCrossEntropy.toFixed(4), n2.meanCrossEntropy.toFixed(4), n1.meanSquaredError.toFixed(2), n2.meanSquaredError.toFixed(2)]) expect(text).toContain(figure);
  });
});

describe('4. Iris', () => {
  it('holds out 30 of 150 flowers and starts above ln 3 ≈ 1.10', () => {
    const text = page('4-iris.md');
    expect(text).toMatch(/120 training flowers and 30 held out/);
    const analysis = analyse(exampleSession('iris.nn.json'));
    expect([analysis.samples, analysis.testSamples]).toEqual([120, 30]);
    expect(analysis.loss).toBeGreaterThan(Math.log(3));
  });
});

describe('5. vanishing gradients', () => {
  it('has first-layer gradients orders of magnitude smaller than the last layer\'s', () => {
    expect(page('5-vanishing-gradients.md')).toMatch(/orders of magnitude smaller/);
    const layers = analyse(exampleSession('vanishing-gradients.nn.json')).layers;
    expect(layers[layers.length - 1].stats.gradMeanAbs / layers[0].stats.gradMeanAbs).toBeGreaterThan(100);
  });
});

describe('7. the digits CNN', () => {
  const text = page('7-digits-cnn.md');
  const cnn = exampleText('conv-net.nn.json');
  const analyses = new Map<string, Analysis>();
  /** The analysis of a variant of the example (analysed once: the digits CNN takes seconds). */
  const analysed = (model: string) => analyses.get(model) ?? analyses.set(model, analyse(session(model, exampleFile('conv-net.nn.json')))).get(model)!;

  it('gives the output shapes the lenses show, layer by layer', () => {
    const analysis = analysed(cnn);
    const shapes = analysis.layers.map((l) => l.layered!.outputShape.join('×')).join(', ');
    expect(shapes).toBe('8×8×8, 8×8×8, 8×4×4, 16×4×4, 256, 10');
    expect(text).toContain(`output shape: ${shapes}.`);
  });

  it('says max-pool sends no gradient to at least three of every four inputs of a 2×2 window, and one of sixteen with size 4', () => {
    expect(text).toMatch(/the other three cells of each 2×2 window get exactly zero/);
    expect(text).toMatch(/Change `"size": 2` of `pool1` to 4 and look again: one input of every sixteen gets the gradient/);
    const pool = (model: string) => {
      const analysis = analysed(model);
      const index = analysis.layers.findIndex((l) => l.name === 'pool1');
      return analysis.layerSummaries![index].inGrad.fractionZero;
    };
    expect(pool(cnn)).toBeGreaterThanOrEqual(3 / 4);
    const size4 = cnn.replace('{ "name": "pool1", "type": "maxpool2d", "size": 2 }', '{ "name": "pool1", "type": "maxpool2d", "size": 4 }');
    expect(size4).not.toBe(cnn);
    expect(pool(size4)).toBeGreaterThanOrEqual(15 / 16);
  });
});
