/**
 * Issue 19, item 8: `"init": "constructor"` was looked up in a plain object of aliases and found
 * `Object.prototype.constructor`, so the message said "did you mean 'function Object() { [native code] }'".
 * Every lookup of a name from the file in a table is an own-property lookup.
 */
import { describe, expect, it } from 'vitest';
import { parseModelText as parseModel } from '../../src/model';

const model = (init: string, extra: Record<string, unknown> = {}) => JSON.stringify({
  name: 'm', inputs: 1, layers: [{ name: 'out', units: 1, activation: 'sigmoid', init, ...extra }], loss: 'mse',
  data: { inputs: [[0], [1]], targets: [[0], [1]] },
});

describe('names that are also Object.prototype properties', () => {
  for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
    it(`"init": "${name}" is an unknown initialiser with no suggestion taken from Object.prototype`, () => {
      const { diagnostics } = parseModel(model(name), { fileName: 'm.nn.json' });
      const d = diagnostics.find((x) => x.code === 'unknown-init');
      expect(d?.message).toMatch(new RegExp(`^unknown init.* '${name.replace(/_/g, '_')}'`));
      expect(d?.message).not.toMatch(/native code|function|\[object/);
      expect(JSON.stringify(diagnostics)).not.toMatch(/native code/);
    });
  }

  it('"activation": "constructor" and "loss": "constructor" name no prototype function either', () => {
    const text = JSON.stringify({ name: 'm', inputs: 1, layers: [{ name: 'out', units: 1, activation: 'constructor' }], loss: 'constructor', data: { inputs: [[0]], targets: [[0]] } });
    const { diagnostics } = parseModel(text, { fileName: 'm.nn.json' });
    expect(diagnostics.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(diagnostics)).not.toMatch(/native code/);
  });
});
