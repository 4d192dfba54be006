/**
 * Export to PyTorch checked against the real thing: every example and 24 random models (every layer
 * type, loss, optimiser) are exported to Python, run in PyTorch (Debian's python3-torch) in float64, and
 * PyTorch's loss and every parameter's gradient must equal GradLens's to 1e-10 relative; the file's own
 * training loop must print GradLens's training loss after every epoch. Without PyTorch these tests fail
 * and say what to install.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCase, engineEpochLosses, type EngineCase } from './exportCases';
import { randomModel } from './randomModels';
import { MISSING_TORCH, requireTorch } from './torchPython';

const ROOT = path.resolve(__dirname, '../..');
const HARNESS = path.join(__dirname, 'torch_gradients.py');
const RANDOM_MODELS = 24;
/** Examples whose training is deterministic on both sides (no dropout) and short enough to run twice. */
const MAX_TRAINING_STEPS = 3000;

interface TorchResult {
  error?: string; sequential: boolean; training: boolean; float64: boolean; frozen: string[]; dataDtype: string[];
  loss: number; grads: Record<string, number[]>; trainLines?: string[]; optimizer: string;
}

interface Case extends EngineCase { readonly train: boolean; readonly file: string }

let dir: string;
const cases: Case[] = [];
let results: TorchResult[] = [];

function exampleFiles(): string[] {
  const folder = path.join(ROOT, 'examples');
  return fs.readdirSync(folder).filter((f) => f.endsWith('.nn.json')).sort().map((f) => path.join(folder, f));
}

/**
 * The largest |a − b| / max(|a|, |b|) over the entries. Magnitudes below 1e-4·`scale` count as that
 * floor (so they agree to 1e-14 of the largest): a gradient that is 0 in exact arithmetic (a bias
 * before batch norm) is round-off on both sides.
 */
function relativeErrors(actual: ArrayLike<number>, expected: ArrayLike<number>, scale = largest(expected)): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!, b = expected[i]!;
    const denominator = Math.max(Math.abs(a), Math.abs(b), 1e-4 * scale, 1e-300);
    worst = Math.max(worst, Math.abs(a - b) / denominator);
  }
  return worst;
}

function largest(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]!));
  return m;
}

function epochLosses(lines: readonly string[]): number[] {
  return lines.map((line, i) => {
    const m = /^epoch (\d+): loss (\S+)$/.exec(line);
    if (!m || Number(m[1]) !== i) throw new Error(`line ${i} is not "epoch ${i}: loss …": ${line}`);
    return Number(m[2]);
  });
}

beforeAll(() => {
  const python = requireTorch();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gradlens-export-'));
  const add = (name: string, text: string, fileName: string, trainable: boolean) => {
    const c = engineCase(name, text, fileName);
    const file = path.join(dir, `case${cases.length}.py`);
    fs.writeFileSync(file, c.python);
    const steps = c.session.stepsForEpochs(c.session.model.train.epochs);
    cases.push({ ...c, file, train: trainable && Object.keys(c.masks).length === 0 && steps <= MAX_TRAINING_STEPS });
  };
  for (const file of exampleFiles()) add(path.basename(file), fs.readFileSync(file, 'utf8'), file, !fs.readFileSync(file, 'utf8').includes('"dropout"'));
  for (let i = 0; i < RANDOM_MODELS; i++) {
    const m = randomModel(i);
    add(m.name, m.text, path.join(dir, `random${i}.nn.json`), m.trainable);
  }
  const jobs = cases.map((c) => ({ file: c.file, masks: c.masks, train: c.train }));
  const run = spawnSync(python, [HARNESS], { input: JSON.stringify(jobs), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 600_000 });
  if (run.status !== 0) throw new Error(`the PyTorch harness failed (exit ${run.status}):\n${run.stderr}`);
  results = JSON.parse(run.stdout) as TorchResult[];
}, 900_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('a model exported to PyTorch', () => {
  it('needs python3 with torch, and says what to install when it is missing', () => {
    expect(MISSING_TORCH).toContain('apt-get install -y python3-torch');
    expect(results.length).toBe(cases.length);
  });

  it('covers every example, every layer type and every loss', () => {
    const all = cases.map((c) => c.python).join('\n');
    for (const module of ['nn.Linear(', 'nn.Conv2d(', 'nn.MaxPool2d(', 'nn.AvgPool2d(', 'nn.Flatten()', 'nn.Dropout(', 'nn.BatchNorm1d(', 'nn.BatchNorm2d(', 'nn.Identity()', 'nn.Sigmoid()', 'nn.Tanh()', 'nn.ReLU()', 'nn.LeakyReLU(0.01)', 'nn.Softmax(dim=1)', '(torch.autograd.Function)', 'requires_grad_(False)', 'torch.optim.Adam(', 'momentum=']) {
      expect(all, module).toContain(module);
    }
    for (const loss of ['"squared"', '"mse"', '"cross-entropy"', '"binary-cross-entropy"']) expect(all).toContain(`loss, ${loss}`);
    expect(cases.filter((c) => c.name.endsWith('.nn.json')).length).toBe(exampleFiles().length);
  });

  it('runs for every model through the fixed interface (build_model, load_data, loss_fn, make_optimizer)', () => {
    expect(cases.map((c, i) => [c.name, results[i]!.error ?? 'ok'])).toEqual(cases.map((c) => [c.name, 'ok']));
  });

  it('builds a float64 nn.Sequential in training mode, with float64 data and the frozen parameters frozen', () => {
    cases.forEach((c, i) => {
      const r = results[i]!;
      expect([c.name, r.sequential, r.training, r.float64, r.dataDtype]).toEqual([c.name, true, true, true, ['torch.float64', 'torch.float64']]);
      expect([c.name, [...r.frozen].sort()]).toEqual([c.name, [...c.frozen].sort()]);
    });
  });

  it('gives the loss and every gradient GradLens computes, to 1e-10 relative (entries below 1e-4 of the largest gradient to 1e-14 of it)', () => {
    cases.forEach((c, i) => {
      const r = results[i]!;
      expect(relativeErrors([r.loss], [c.loss]), `${c.name}: loss ${r.loss} vs ${c.loss}`).toBeLessThanOrEqual(1e-10);
      expect(Object.keys(r.grads).sort(), c.name).toEqual([...c.grads.keys()].sort());
      const scale = Math.max(...[...c.grads.values()].map(largest));
      for (const [key, expected] of c.grads) {
        expect(relativeErrors(r.grads[key]!, expected, scale), `${c.name}: gradient of ${key}`).toBeLessThanOrEqual(1e-10);
      }
    });
  });

  it('trains in its own loop to the training losses gradlens train prints after every epoch', async () => {
    const trained = cases.filter((c) => c.train);
    expect(trained.length).toBeGreaterThan(RANDOM_MODELS / 2);
    for (const c of trained) {
      const r = results[cases.indexOf(c)]!;
      const engine = await engineEpochLosses(c.session);
      const torch = epochLosses(r.trainLines ?? []);
      expect(torch.length, c.name).toBe(c.session.model.train.epochs + 1);
      expect(relativeErrors(torch, engine), `${c.name}: ${torch.join(', ')} vs ${engine.join(', ')}`).toBeLessThanOrEqual(1e-8);
    }
  });
});
