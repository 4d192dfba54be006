/**
 * `gradlens report --json` against docs/spec/report-json-v1.md, field by field, on the 2-2-2 worked
 * example whose every number is published (Mazur 2015, recomputed in float64 in the oracles notes).
 */
import { describe, expect, it } from 'vitest';
import { cli } from './runCli';
import { examplePath, exampleText } from '../helpers/examples';
import { expectAllPublished, expectPublished } from '../helpers/published';

const FILE = examplePath('worked-example.nn.json');

async function report(...extra: string[]) {
  const run = await cli('report', FILE, '--json', ...extra);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

describe('report --json on the worked example', () => {
  it('has exactly the top-level fields of version 1', async () => {
    const r = await report();
    expect(Object.keys(r).sort()).toEqual(['diagnostics', 'gradcheck', 'layers', 'loss', 'model', 'samples', 'version', 'warnings']);
    expect(r.version).toBe(1);
    expect(r.model).toEqual({ name: 'Worked example 2-2-2', file: FILE });
    expect(r.samples).toBe(1);
  });

  it('reports the published total error E_total = 0.298371109', async () => {
    const r = await report();
    expect(r.loss.kind).toBe('squared');
    expectPublished(r.loss.value, '0.298371109');
  });

  it('gives each layer its name, index, line, activation and shapes', async () => {
    const r = await report();
    const text = exampleText('worked-example.nn.json');
    expect(r.layers.map((l: { name: string }) => l.name)).toEqual(['hidden', 'output']);
    expect(r.layers[0]).toMatchObject({ index: 0, activation: 'sigmoid', line: lineOf(text, '"name": "hidden"') });
    expect(r.layers[1]).toMatchObject({ index: 1, activation: 'sigmoid', line: lineOf(text, '"name": "output"') });
    expect(r.layers[0].weights.shape).toEqual([2, 2]);
    expect(r.layers[0].bias.shape).toEqual([2]);
    expect(r.layers[0].weights.value).toEqual([[0.15, 0.2], [0.25, 0.3]]);
    expect(r.layers[0].bias.value).toEqual([0.35, 0.35]);
    expect(r.layers[1].bias.value).toEqual([0.6, 0.6]);
  });

  it('has the published forward values net and out, per sample and unit', async () => {
    const r = await report();
    expectAllPublished(r.layers[0].net, [['0.3775', '0.3925']]);
    expectAllPublished(r.layers[0].out, [['0.593269992', '0.596884378']]);
    expectPublished(r.layers[1].net[0][0], '1.105905967');
    expectAllPublished(r.layers[1].out, [['0.75136507', '0.772928465']]);
  });

  it('has the published output delta ∂E/∂net_o1 = 0.138498562', async () => {
    const r = await report();
    expectPublished(r.layers[1].delta[0][0], '0.138498562');
    // With one sample, δ of a unit is its bias gradient.
    expectAllPublished(r.layers[0].delta, [['0.00877135469', '0.00995425471']]);
  });

  it('has every published gradient', async () => {
    const r = await report();
    expectAllPublished(r.layers[1].weights.grad, [['0.08216704056', '0.08266762785'], ['-0.02260254048', '-0.02274024222']]);
    expectAllPublished(r.layers[0].weights.grad, [['0.00043856773', '0.00087713547'], ['0.00049771274', '0.00099542547']]);
    expectAllPublished([r.layers[0].bias.grad], [['0.00877135469', '0.00995425471']]);
    expectAllPublished([r.layers[1].bias.grad], [['0.13849856163', '-0.03809823652']]);
  });

  it('summarises each layer\'s gradients over weights and bias together', async () => {
    const r = await report();
    for (const layer of r.layers) {
      const all = [...layer.weights.grad.flat(), ...layer.bias.grad];
      expect(layer.stats.gradNorm).toBeCloseTo(Math.hypot(...all), 14);
      expect(layer.stats.gradMeanAbs).toBeCloseTo(all.reduce((s: number, g: number) => s + Math.abs(g), 0) / all.length, 14);
      expect(layer.stats.gradMaxAbs).toBe(Math.max(...all.map(Math.abs)));
    }
  });

  it('checks all twelve parameters, each passing, with the spec\'s entry fields', async () => {
    const r = await report();
    expect(r.gradcheck.status).toBe('pass');
    expect(r.gradcheck.checked).toBe(12);
    expect(r.gradcheck.entries).toHaveLength(12);
    for (const e of r.gradcheck.entries) {
      expect(Object.keys(e).sort()).toEqual(['analytic', 'index', 'kink', 'layer', 'numeric', 'param', 'relError']);
      expect(e.relError).toBeLessThanOrEqual(1e-5);
      expect(e.kink).toBe(false);
    }
    expect(r.gradcheck.maxRelError).toBe(Math.max(...r.gradcheck.entries.map((e: { relError: number }) => e.relError)));
    const w5 = r.gradcheck.entries.find((e: { layer: string; param: string; index: number[] }) => e.layer === 'output' && e.param === 'weights' && e.index.join() === '0,0');
    expectPublished(w5.analytic, '0.082167041');
  });

  it('raises no warnings on a healthy network', async () => {
    expect((await report()).warnings).toEqual([]);
  });

  it('with --steps 1 takes one SGD step and has the published weights after it', async () => {
    const r = await report('--steps', '1');
    expect(r.steps).toHaveLength(1);
    expect(r.steps[0].step).toBe(1);
    expect(r.steps[0].loss).toBeLessThan(r.loss.value);
    const [hidden, output] = r.final.layers;
    expect(hidden.name).toBe('hidden');
    expectAllPublished(output.weights.value, [['0.35891648', '0.408666186'], ['0.511301270', '0.561370121']]);
    expectAllPublished(hidden.weights.value, [['0.149780716', '0.19956143'], ['0.24975114', '0.29950229']]);
    // Gradients in the report stay those of the initial parameters.
    expectPublished(r.layers[1].weights.grad[0][0], '0.08216704056');
  });

  it('with --steps N takes exactly N steps whatever "epochs" says', async () => {
    const r = await report('--steps', '5');
    expect(r.steps.map((s: { step: number }) => s.step)).toEqual([1, 2, 3, 4, 5]);
    for (let i = 1; i < 5; i++) expect(r.steps[i].loss).toBeLessThan(r.steps[i - 1].loss);
  });
});
