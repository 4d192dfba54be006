/**
 * Step-through on a layered network (model file 1.1): it stops at every layer forward (conv, pool,
 * batch norm, flatten, dense) and back, and each stop shows the step's own numbers, the same as the
 * autodiff reference computes on that batch at the parameters before the step; the update is the
 * one the trainer made; the sentences follow the depths (Drive names no derivative).
 */
import { describe, expect, it } from 'vitest';
import { autodiffLayeredBackprop } from '../../src/engine/autodiff/layered';
import { LayeredNetwork, LayeredTrainer, matrix, type DataSet } from '../../src/engine';
import { cloneLayered } from '../../src/analysis/layeredNetworks';
import { LayeredStepRecorder, valueStats } from '../../src/worker/teaching/layeredStepThrough';
import { phaseView } from '../../src/teaching/phaseText';
import type { PhaseView } from '../../src/shared/stepThroughView';
import { exampleSession, session } from './helpers';
import { CONV_POOL_NORM_MODEL as TEXT } from './convPoolNormModel';

function recorderFor(text: string) {
  const s = session(text);
  const spec = s.model.layered!.spec;
  const initial = LayeredNetwork.fromSpec(spec);
  const recorder = new LayeredStepRecorder(cloneLayered(initial, spec), s.model.data.train, s.model.loss, s.model.train, {
    seed: s.model.seed, copy: (n) => cloneLayered(n, spec),
  });
  return { s, spec, initial, recorder };
}

/** Every stop of the next step, as the panel receives it. */
function nextStep(recorder: LayeredStepRecorder): PhaseView[] {
  return recorder.stops.map(() => phaseView(recorder.nextPhase()));
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const scale = Math.max(1e-3, Math.abs(expected[i]));
    if (!(Math.abs(actual[i] - expected[i]) <= 1e-10 * scale)) expect.fail(`${what}[${i}]: recorder ${actual[i]} vs autodiff ${expected[i]}`);
  }
}

function norm(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

describe('step-through on a layered network', () => {
  it('stops at each layer forward (conv, pool, batch norm, flatten, dense), at the loss, at each layer back, then at the update', () => {
    const { recorder } = recorderFor(TEXT);
    const views = nextStep(recorder);
    expect(views.map((v) => [v.phase, v.layerName, v.layered?.layerType])).toEqual([
      ['forward', 'conv', 'conv2d'], ['forward', 'pool', 'maxpool2d'], ['forward', 'norm', 'batchnorm'], ['forward', 'flat', 'flatten'], ['forward', 'out', 'dense'],
      ['loss', undefined, 'dense'],
      ['backward', 'out', 'dense'], ['backward', 'flat', 'flatten'], ['backward', 'norm', 'batchnorm'], ['backward', 'pool', 'maxpool2d'], ['backward', 'conv', 'conv2d'],
      ['update', undefined, 'dense'],
    ]);
    expect(views[0].layered!.outShape).toEqual([3, 6, 6]);
    expect(views[1].layered!.outShape).toEqual([3, 3, 3]);
    expect(views[3].layered!.outShape).toEqual([27]);
    expect(views.map((v) => v.title)).toContain('Step 1 · backward · layer "pool" (max-pool)');
    // The next stop begins step 2 at the conv layer again.
    expect(recorder.nextPhase()).toMatchObject({ step: 2, phase: 'forward', layerName: 'conv' });
  });

  it('shows at each stop the numbers the autodiff reference computes on the same batch at the parameters before the step', () => {
    const { s, spec, initial, recorder } = recorderFor(TEXT);
    for (let step = 1; step <= 3; step++) {
      const views = nextStep(recorder);
      const rec = recorder.records[recorder.records.length - 1];
      // The reference: the autodiff engine on a copy holding the parameters before this step, on its batch.
      const before = cloneLayered(initial, spec);
      before.layers.forEach((l, i) => l.params.forEach((p, k) => p.values.set(rec.layers[i].before[k])));
      const B = rec.rows.length, I = before.inputs, K = before.outputs;
      const X = new Float64Array(B * I), T = new Float64Array(B * K);
      rec.rows.forEach((r, i) => {
        X.set(s.model.data.train.inputs.data.subarray(r * I, (r + 1) * I), i * I);
        T.set(s.model.data.train.targets.data.subarray(r * K, (r + 1) * K), i * K);
      });
      const batch: DataSet = { inputs: matrix(B, I, X), targets: matrix(B, K, T) };
      const ref = autodiffLayeredBackprop(before, batch, s.model.loss);
      expect(views[5].loss!.value).toBeCloseTo(ref.loss, 12);
      before.layers.forEach((layer, l) => {
        const size = layer.outSize;
        const forward = views[l].layered!.forward!;
        const sampleOut = ref.out[l].subarray(0, size);
        expectClose(forward.first, sampleOut.subarray(0, forward.first.length), `step ${step} ${layer.name} out`);
        const stats = valueStats(sampleOut);
        expect(forward.sampleStats.max).toBeCloseTo(stats.max, 12);
        expect(forward.sampleStats.mean).toBeCloseTo(stats.mean, 12);
        const backward = views[views.length - 2 - l].layered!.backward!;
        expect(views[views.length - 2 - l].layerName).toBe(layer.name);
        // δ = B·∂L/∂net in both engines.
        expect(backward.gradOutNorm).toBeCloseTo(norm(ref.delta[l]) / B, 12);
        expectClose(backward.first, Array.from(ref.delta[l].subarray(0, backward.first.length), (d) => d / B), `step ${step} ${layer.name} ∂L/∂out`);
        layer.params.forEach((p, k) => {
          const g = backward.params[k];
          expect(g.param).toBe(p.name);
          expect(g.norm).toBeCloseTo(norm(ref.gradients[l][k]), 12);
          expectClose(g.first, ref.gradients[l][k].subarray(0, g.first.length), `step ${step} ${layer.name}.${p.name} gradient`);
        });
        if (layer.params.length === 0) expect(backward.params).toEqual([]);
      });
    }
  });

  it('updates the parameters exactly as the engine\'s trainer does from the same seed', () => {
    const { s, spec, initial, recorder } = recorderFor(TEXT);
    const trainer = new LayeredTrainer(cloneLayered(initial, spec), s.model.data.train, s.model.loss, s.model.train, { seed: s.model.seed });
    for (let step = 1; step <= 4; step++) {
      const update = nextStep(recorder)[recorder.stops.length - 1].update!;
      const before = trainer.network.layers.map((l) => l.params.map((p) => p.values.slice()));
      trainer.step();
      const rec = recorder.records[recorder.records.length - 1];
      trainer.network.layers.forEach((l, i) => l.params.forEach((p, k) => {
        expect(rec.layers[i].before[k]).toEqual(before[i][k]);
        expect(rec.layers[i].after[k]).toEqual(p.values);
      }));
      expect(update.layers.map((l) => l.name)).toEqual(['conv', 'norm', 'out']);
    }
  });

  it('routes the max-pool gradient to one input of each 2×2 window, and checks every parameter\'s gradient', () => {
    const { recorder } = recorderFor(TEXT);
    const views = nextStep(recorder);
    const pool = views.find((v) => v.phase === 'backward' && v.layerName === 'pool')!;
    // 3 channels of 6×6: 27 windows, each sends its gradient to one of its 4 inputs.
    expect(pool.layered!.backward!.routedFraction).toBeCloseTo(27 / 108, 12);
    expect(pool.detail).toContain('Only the maximum of each window receives the gradient: 25.0 % of the inputs');
    const conv = views.find((v) => v.phase === 'backward' && v.layerName === 'conv')!;
    const checks = conv.layered!.backward!.checks!;
    expect(checks.map((c) => c.param)).toEqual(['weights', 'weights', 'bias', 'bias']);
    for (const c of checks.filter((c) => c.status !== 'kink')) expect(c.relativeError).toBeLessThan(1e-6);
    expect(conv.repairLines.some((l) => l.startsWith('Check of ∂L/∂W['))).toBe(true);
    expect(conv.repairLines.some((l) => l.startsWith('‖∂L/∂W‖ per filter: ['))).toBe(true);
  });

  it('names no derivative at depth Drive, gives gradient sizes at Service and each layer type\'s rule at Derive', () => {
    const { recorder } = recorderFor(TEXT);
    const views = nextStep(recorder);
    for (const v of views) {
      expect(v.driveDetail, v.title).not.toMatch(/∂|gradient|derivative|δ/);
    }
    const conv = views.find((v) => v.phase === 'backward' && v.layerName === 'conv')!;
    expect(conv.detail).toMatch(/^‖∂L\/∂net‖ = \S+ reaches "conv" through its relu; .*‖∂L\/∂W‖ = \S+, max \|∂L\/∂W\| = \S+\. ‖∂L\/∂b‖ = /);
    expect(conv.deriveLines.join('\n')).toContain('the correlation of the input with the gradient map of filter f');
    const pool = views.find((v) => v.phase === 'backward' && v.layerName === 'pool')!;
    expect(pool.deriveLines.join('\n')).toContain('max-pool routes the gradient to the maximum');
    expect(pool.driveDetail).toBe('The error of the outputs flows back through layer "pool" (max-pool): only the largest value of each window passes it on. Depth 2 (Service) shows its numbers.');
    const flat = views.find((v) => v.phase === 'backward' && v.layerName === 'flat')!;
    expect(flat.detail).toContain('Flatten passes the gradient back unchanged, reshaped to 3×3×3.');
    const forward = views[0];
    expect(forward.detail).toMatch(/^Convolution "conv": 3 filters of 3×3 slide over the 1×6×6 input \(stride 1, padding 1\) and give 3 feature maps, 3×6×6\. Then relu is applied to every value\. Sample \d+: values from /);
    expect(forward.driveDetail).toBe(forward.detail);
  });
});

describe('step-through on the digits CNN', () => {
  it('stops at conv1, relu1, pool1, conv2, flat and output, forward and back', () => {
    const s = exampleSession('conv-net.nn.json');
    const spec = s.model.layered!.spec;
    const recorder = new LayeredStepRecorder(LayeredNetwork.fromSpec(spec), s.model.data.train, s.model.loss, s.model.train, { seed: s.model.seed });
    const views = nextStep(recorder);
    expect(views.filter((v) => v.phase === 'forward').map((v) => `${v.layerName} ${v.layered!.layerType} ${v.layered!.outShape.join('×')}`)).toEqual([
      'conv1 conv2d 8×8×8', 'relu1 activation 8×8×8', 'pool1 maxpool2d 8×4×4', 'conv2 conv2d 16×4×4', 'flat flatten 256', 'output dense 10',
    ]);
    expect(views.filter((v) => v.phase === 'backward').map((v) => v.layerName)).toEqual(['output', 'flat', 'conv2', 'pool1', 'relu1', 'conv1']);
    expect(views[0].batchSize).toBe(32);
  });
});
