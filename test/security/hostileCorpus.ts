/**
 * The hostile corpus of issue 19: names that would do something if a Markdown or HTML sink rendered
 * them, and the patterns that find such a name rendered live. The security tests run these through the
 * CLI and the extension's own modules; the fuzz suite (test/robustness/fuzz.test.ts) mutates model
 * files built from them.
 */

/** Markdown that would do something if rendered: raw HTML, images, links, command links, headings. */
export const ACTIVE_MARKDOWN: readonly RegExp[] = [
  /(^|[^\\])<(script|img|iframe|a |svg|style)/i,
  /(^|[^\\])!\[/,
  /(^|[^\\])\]\(/,
  /\]\(command:/,
  /^\s{0,3}#+ (injected|echo)/m,
  /^echo PWNED/m,
];

/** Names a hostile model file gives its model, layers, activations and columns. */
export const HOSTILE_NAMES: readonly string[] = [
  '<script>alert(1)</script>',
  '<img src="https://evil.example/track.png">',
  '![pixel](https://evil.example/p.png)',
  '[Open a terminal](command:workbench.action.terminal.new)',
  'demo\n# injected heading\necho PWNED',
  '`code` | table | break',
  '\u001b[2J\u001b[1;1Hcleared',
  'constructor',
  '__proto__',
  '\u202eevil\u202c',
];

const xorData = { inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], targets: [[0], [1], [1], [0]] };

/** A model whose model, layer and custom activation are all called `name`. */
export function namedModel(name: string): string {
  return JSON.stringify({
    name, inputs: 2,
    layers: [
      { name, units: 2, activation: { name, f: 'x / (1 + abs(x))', df: '1 / (1 + abs(x))' } },
      { name: `${name} out`, units: 1, activation: 'sigmoid' },
    ],
    loss: 'mse', data: xorData,
  });
}

/** CSV files the hostile models read (kept small: the fuzz suite runs them thousands of times). */
export const HOSTILE_CSV: Readonly<Record<string, string>> = {
  'data/huge-header.csv': `a,${'b'.repeat(20_000)}\n1,2\n3,4\n`,
  'data/big.csv': `big,small,y\n${[1e308, -1e308, 1e308, -1e308].map((v, i) => `${v},${i / 10},${i % 2}`).join('\n')}\n`,
  'data/hostile-header.csv': `"<img src=x>","](command:x)",y\n1,2,0\n3,4,1\n`,
};

/** Hostile model files (issue 19), each a regression of one of its items; the fuzz suite mutates them. */
export const HOSTILE_MODELS: readonly string[] = [
  // 1: a long target name against a huge header.
  JSON.stringify({ name: 'm', inputs: 1, layers: [{ name: 'out', units: 1, activation: 'sigmoid' }], loss: 'mse', data: { csv: 'data/huge-header.csv', features: ['a'], target: 'c'.repeat(300) } }),
  // 2: a layer ending in a // comment, and one with a trailing comma and a block comment.
  `{ "name": "commented", "inputs": 2, "layers": [
    { "name": "hidden", "units": 2, "activation": "sigmoid" // the hidden layer
    },
    { "name": "output", "units": 1, "activation": "sigmoid", /* trailing comma */ }
  ], "loss": "mse", "data": ${JSON.stringify(xorData)} }`,
  // 3 and 5: names that are markup.
  ...HOSTILE_NAMES.slice(0, 6).map(namedModel),
  // 3: column names that are markup.
  JSON.stringify({ name: 'm', inputs: 2, layers: [{ name: 'out', units: 1, activation: 'sigmoid' }], loss: 'mse', data: { csv: 'data/hostile-header.csv', features: ['<img src=x>', '](command:x)'], target: 'y' } }),
  // 6: a product whose derivative is too long to write back.
  JSON.stringify({ name: 'poly', inputs: 1, layers: [{ name: 'hidden', units: 2, activation: { name: 'poly', f: Array.from({ length: 14 }, (_, i) => `(x+${i + 1})`).join('*'), df: '1' } }, { name: 'out', units: 1, activation: 'linear' }], loss: 'mse', data: { inputs: [[0.01], [0.02]], targets: [[0.1], [0.2]] } }),
  // 7: ±1e308 normalised, and a forward overflow.
  JSON.stringify({ name: 'big', inputs: 2, layers: [{ name: 'hidden', units: 3, activation: 'tanh' }, { name: 'out', units: 1, activation: 'sigmoid' }], loss: 'mse', data: { csv: 'data/big.csv', features: ['big', 'small'], target: 'y', normalize: 'minmax' } }),
  JSON.stringify({ name: 'raw', inputs: 2, layers: [{ name: 'sum', units: 1, activation: 'linear', weights: [[1, 1]], bias: [0] }, { name: 'out', units: 1, activation: 'sigmoid' }], loss: 'mse', data: { inputs: [[1e308, 1e308], [1, 2]], targets: [[1], [0]] } }),
  // 8: names of Object.prototype's properties where the format expects a name from a list.
  JSON.stringify({ name: 'proto', inputs: 2, layers: [{ name: 'out', units: 1, activation: 'constructor', init: 'constructor' }], loss: '__proto__', data: xorData, train: { optimizer: 'toString' } }),
];
