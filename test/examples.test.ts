/**
 * Every example in examples/ parses cleanly, its report has the shape of report-json-v1, and the
 * three broken networks raise the warnings they are there to teach.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { EXAMPLES_DIR, exampleText, examplePath } from './helpers/examples';
import { ModelSession } from '../src/analysis/modelSession';
import { DEFAULT_ANALYSIS_SETTINGS } from '../src/analysis/settings';
import { reportJson } from '../src/analysis/reportJson';
import { createNodeDataFileReader } from '../src/model/nodeDataFiles';

const examples = readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.nn.json')).sort();
const LAYERED = ['batchnorm-rescue.nn.json', 'conv-net.nn.json', 'dropout.nn.json'];

function open(name: string) {
  return ModelSession.open(exampleText(name), examplePath(name), DEFAULT_ANALYSIS_SETTINGS, createNodeDataFileReader(examplePath(name)));
}

describe('the examples', () => {
  it('are the eight the README promises and the four of model file 1.1', () => {
    expect(examples).toEqual([
      'batchnorm-rescue.nn.json', 'conv-net.nn.json', 'custom-derivative.nn.json', 'digits.nn.json', 'dropout.nn.json',
      'dying-relu.nn.json', 'frozen-biases.nn.json', 'iris.nn.json', 'squared-vs-cross-entropy.nn.json', 'vanishing-gradients.nn.json',
      'worked-example.nn.json', 'xor.nn.json',
    ]);
  });

  // The layered examples (model file 1.1) have their own report shape: test/layered-examples.test.ts.
  it.each(examples.filter((f) => !LAYERED.includes(f)))('%s parses with no problem at all and reports in the shape of version 1', (name) => {
    const { session, diagnostics } = open(name);
    expect(diagnostics).toEqual([]);
    const analysis = session!.analyse().analysis!;
    const report = reportJson(analysis, name);
    expect(report.version).toBe(1);
    expect(report.layers.length).toBe(session!.model.layers.length);
    for (const layer of report.layers) {
      const [units, fanIn] = layer.weights.shape;
      expect(layer.weights.grad).toHaveLength(units);
      expect(layer.weights.grad.every((row) => row.length === fanIn)).toBe(true);
      expect(layer.bias.grad).toHaveLength(units);
      expect(layer.net.length).toBe(Math.min(report.samples, 32));
      expect(Number.isFinite(layer.stats.gradNorm)).toBe(true);
    }
    expect(Number.isFinite(report.loss.value)).toBe(true);
    expect(report.gradcheck.checked).toBeGreaterThan(0);
  });

  it('the deep sigmoid net flags vanishing gradients in its early layers, not in its last', () => {
    const warnings = open('vanishing-gradients.nn.json').session!.analyse().analysis!.warnings.filter((w) => w.code === 'vanishing-gradient');
    expect(warnings.map((w) => w.layer)).toContain('layer1');
    expect(warnings.map((w) => w.layer)).not.toContain('output');
  });

  it('the dying ReLU net flags its dead hidden units', () => {
    const warnings = open('dying-relu.nn.json').session!.analyse().analysis!.warnings;
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'dead-relu', layer: 'hidden', severity: 'warning' }));
  });

  it('the wrong hand-written derivative fails the gradient check, and only the layer that uses it and those before it', () => {
    const analysis = open('custom-derivative.nn.json').session!.analyse().analysis!;
    expect(analysis.gradcheck.status).toBe('fail');
    expect(analysis.warnings.filter((w) => w.code === 'gradcheck-failed').map((w) => w.layer)).toEqual(['hidden']);
    expect(analysis.layers[1].gradcheck!.status).toBe('pass');
  });

  it('the healthy examples raise no warning', () => {
    for (const name of ['worked-example.nn.json', 'xor.nn.json', 'iris.nn.json', 'squared-vs-cross-entropy.nn.json']) {
      const warnings = open(name).session!.analyse().analysis!.warnings.filter((w) => w.severity !== 'info');
      expect(warnings, name).toEqual([]);
    }
  });

  it('digits starts near the −ln(0.1) = 2.302 of ten equally likely classes', () => {
    const loss = open('digits.nn.json').session!.analyse().analysis!.loss;
    expect(Math.abs(loss - 2.302)).toBeLessThan(0.25);
  });
});
