#!/usr/bin/env node
// Writes examples/data/moons.csv, the data of examples/dropout.nn.json: two interleaved half-moons in
// the plane with noisy positions and noisy labels, a small classification set that a wide network
// learns by heart (noise and all) when it has only a few dozen points.
//
//   class "upper": (cos t, sin t),             t uniform in [0, π]
//   class "lower": (1 − cos t, 0.5 − sin t),   t uniform in [0, π]
//   each point then moves by (σ·z₁, σ·z₂), z standard normal (Box–Muller), σ = NOISE,
//   and its label is flipped with probability FLIP.
//
// The rows alternate upper, lower, ... (before flips); the model file's "split" picks its training rows
// at random. Seeded (mulberry32, the generator of src/model/random.ts): the same file on every machine,
// so `node scripts/make-moons.mjs` makes the committed CSV again. Options (for trying other data):
// --rows N, --noise S, --flip P, --seed N, --out PATH.
import { buildSync } from 'esbuild';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '440' },
    noise: { type: 'string', default: '0.2' },
    flip: { type: 'string', default: '0.1' },
    seed: { type: 'string', default: '14' },
    out: { type: 'string', default: path.join(repoRoot, 'examples', 'data', 'moons.csv') },
  },
});
const ROWS = Number(values.rows);
const NOISE = Number(values.noise);
const FLIP = Number(values.flip);
const SEED = Number(values.seed);

// The project's own mulberry32 (src/model/random.ts), bundled on the fly: Node cannot import TypeScript.
const bundled = buildSync({ entryPoints: [path.join(repoRoot, 'src', 'model', 'random.ts')], bundle: true, format: 'esm', write: false });
const { mulberry32 } = await import(`data:text/javascript,${encodeURIComponent(bundled.outputFiles[0].text)}`);

const random = mulberry32(SEED);
/** A standard normal number (Box–Muller; 1 − u keeps the logarithm finite). */
function normal() {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

const lines = ['x,y,moon'];
for (let i = 0; i < ROWS; i++) {
  const upper = i % 2 === 0;
  const t = Math.PI * random();
  const x = (upper ? Math.cos(t) : 1 - Math.cos(t)) + NOISE * normal();
  const y = (upper ? Math.sin(t) : 0.5 - Math.sin(t)) + NOISE * normal();
  const label = random() < FLIP ? !upper : upper;
  lines.push(`${x.toFixed(4)},${y.toFixed(4)},${label ? 'upper' : 'lower'}`);
}
writeFileSync(values.out, `${lines.join('\n')}\n`);
process.stdout.write(`wrote ${ROWS} rows (noise ${NOISE}, labels flipped with probability ${FLIP}, seed ${SEED}) to ${path.relative(process.cwd(), values.out)}\n`);
