import { describe, expect, it } from 'vitest';
import { explainGradient, layerTargets } from '../../src/worker/teaching/chainRule';
import { analyse, relative, session } from './helpers';
import { HIDDEN_ACTIVATIONS, LOSS_KINDS, OUTPUT_ACTIVATIONS, activationLabel, randomModel } from './randomModels';

// Every pairing of a hidden activation with an output activation that suits the loss, on random
// explicit weights. Sample counts above 32 make the derivation re-run the engine over all the data.
const cases = LOSS_KINDS.flatMap((loss, l) => HIDDEN_ACTIVATIONS.flatMap((hidden, h) => OUTPUT_ACTIVATIONS[loss].map((output, o) => {
  const seed = 1000 * (l + 1) + 37 * h + o;
  const samples = [1, 5, 13, 40][(h + o + l) % 4];
  return { loss, hidden, output, seed, samples };
})));

describe('the chain rule multiplied out agrees with the engine\'s back-propagation to 1e-12', () => {
  it.each(cases.map((c) => [`${activationLabel(c.hidden)} → ${activationLabel(c.output)}, ${c.loss}, ${c.samples} samples`, c] as const))('%s: every weight and bias', (_, c) => {
    const model = randomModel(c.seed, c.loss, [c.hidden], c.output, c.samples);
    const s = session(model.text);
    const analysis = analyse(s);
    const data = s.model.data.train;
    let checked = 0;
    for (const layer of analysis.layers) {
      for (const target of layerTargets(layer)) {
        const e = explainGradient(analysis, target, { data, network: s.currentNetwork });
        const engine = target.param === 'bias' ? (analysis.layers[target.layerIndex].bias.grad as number[])[target.index[0]]
          : (analysis.layers[target.layerIndex].weights.grad as number[][])[target.index[0]][target.index[1]];
        expect(e.engine).toBe(engine);
        expect(relative(e.mean, engine), `${target.param}${JSON.stringify(target.index)} of layer ${target.layerIndex}: ${e.mean} vs ${engine}`).toBeLessThanOrEqual(1e-12);
        expect(e.agrees).toBe(true);
        expect(e.maxDeltaRelDiff).toBeLessThanOrEqual(1e-12);
        expect(e.recomputed).toBe(c.samples > 32);
        checked++;
      }
    }
    expect(checked).toBe(analysis.layers.reduce((n, l) => n + l.units * (l.fanIn + 1), 0));
  });

  it('agrees on deeper networks too: three hidden layers of mixed activations', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const hidden = [HIDDEN_ACTIVATIONS[seed % HIDDEN_ACTIVATIONS.length], HIDDEN_ACTIVATIONS[(seed * 3) % HIDDEN_ACTIVATIONS.length], 'tanh'];
      const loss = LOSS_KINDS[seed % 4];
      const output = OUTPUT_ACTIVATIONS[loss][seed % OUTPUT_ACTIVATIONS[loss].length];
      const s = session(randomModel(seed, loss, hidden, output, 9).text);
      const analysis = analyse(s);
      for (const layer of analysis.layers) {
        for (const target of layerTargets(layer)) {
          const e = explainGradient(analysis, target);
          expect(relative(e.mean, e.engine)).toBeLessThanOrEqual(1e-12);
        }
      }
    }
  });
});
