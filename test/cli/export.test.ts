/**
 * `gradlens export`: the files it writes, where, and what it refuses. The exported Python runs as a
 * real program with Debian's PyTorch (test/export/torchPython.ts says what to install without it).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requireTorch } from '../export/torchPython';
import { cli } from './runCli';

const ROOT = path.resolve(__dirname, '../..');
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gradlens-export-cli-'));
  for (const f of ['xor.nn.json', 'custom-derivative.nn.json']) fs.copyFileSync(path.join(ROOT, 'examples', f), path.join(dir, f));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const files = (): string[] => fs.readdirSync(dir).sort();
const inDir = (f: string): string => path.join(dir, f);

function epochLines(text: string): number[] {
  return text.split('\n').filter((l) => /^epoch \d+: loss /.test(l)).map((l) => Number(/loss (\S+)/.exec(l)![1]));
}

describe('gradlens export --to pytorch', () => {
  it('writes MODEL.py beside the model file, and python MODEL.py prints one loss per epoch, those of gradlens train', async () => {
    const python = requireTorch();
    const run = await cli('export', '--to', 'pytorch', inDir('xor.nn.json'));
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toContain('xor.py');
    expect(files()).toEqual(['custom-derivative.nn.json', 'xor.nn.json', 'xor.py']);
    const script = spawnSync(python, [inDir('xor.py')], { encoding: 'utf8', timeout: 300_000 });
    expect(script.stderr).toBe('');
    const torchLosses = epochLines(script.stdout);
    const train = await cli('train', inDir('xor.nn.json'));
    const engineLosses = epochLines(train.stdout);
    expect(torchLosses.length).toBe(JSON.parse(fs.readFileSync(inDir('xor.nn.json'), 'utf8').replace(/^\/\/.*$/gm, '')).train.epochs + 1);
    expect(engineLosses.length).toBe(torchLosses.length);
    // gradlens train prints 6 significant digits
    torchLosses.forEach((l, i) => expect(Math.abs(l - engineLosses[i]!)).toBeLessThanOrEqual(5e-6 * Math.abs(engineLosses[i]!) + 1e-12));
  });

  it('with --trained writes the weights after the file\'s epochs: their loss is the one gradlens train ends with', async () => {
    const python = requireTorch();
    expect((await cli('export', '--to', 'pytorch', '--trained', inDir('custom-derivative.nn.json'), '-o', inDir('trained.py'))).code).toBe(0);
    const probe = `import importlib.util, sys\nspec = importlib.util.spec_from_file_location("m", sys.argv[1])\nm = importlib.util.module_from_spec(spec)\nspec.loader.exec_module(m)\nprint(repr(m.evaluate(m.build_model(), *m.load_data())))\n`;
    const out = spawnSync(python, ['-c', probe, inDir('trained.py')], { encoding: 'utf8', timeout: 300_000 });
    expect(out.stderr).toBe('');
    const train = await cli('train', '--json', inDir('custom-derivative.nn.json'));
    const summary = JSON.parse(train.stdout.trim().split('\n').pop()!) as { loss: number };
    expect(Math.abs(Number(out.stdout) - summary.loss)).toBeLessThanOrEqual(1e-10 * summary.loss);
  });
});

describe('gradlens export refuses, exits 2 with one clear line, and writes nothing', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown option', ['export', '--to', 'pytorch', '--epochs', '3', 'xor.nn.json'], /export takes no --epochs/],
    ['no --to', ['export', 'xor.nn.json'], /export needs --to pytorch or --to onnx/],
    ['an unknown format', ['export', '--to', 'keras', 'xor.nn.json'], /--to is pytorch or onnx, not 'keras'/],
    ['two model files', ['export', '--to', 'onnx', 'xor.nn.json', 'custom-derivative.nn.json'], /export takes one model file/],
    ['a model file that does not exist', ['export', '--to', 'pytorch', 'missing.nn.json'], /missing\.nn\.json.*cannot read the model file: .*no such file/i],
    ['a custom activation for ONNX', ['export', '--to', 'onnx', 'custom-derivative.nn.json'], /layer 'hidden' uses the custom activation 'softsign', which has no ONNX operator/],
  ];
  it.each(cases)('on %s', async (_what, argv, message) => {
    const before = files();
    const run = await cli(...argv.map((a) => (a.endsWith('.nn.json') ? inDir(a) : a)));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(files()).toEqual(before);
  });

  it('a model file with an error is reported at its line, and nothing is written', async () => {
    fs.writeFileSync(inDir('broken.nn.json'), '{ "inputs": 2, "layers": [ { "units": 1, "activation": "sigmoidd" } ], "loss": "mse",\n "data": { "inputs": [[1, 2]], "targets": [[1]] } }');
    const run = await cli('export', '--to', 'pytorch', inDir('broken.nn.json'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/broken\.nn\.json:1:\d+: error: /);
    expect(files()).not.toContain('broken.py');
  });

  it('an existing output is kept without -o, and replaced with -o', async () => {
    fs.writeFileSync(inDir('xor.onnx'), 'keep me');
    const refused = await cli('export', '--to', 'onnx', inDir('xor.nn.json'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already exists; give -o to replace it/);
    expect(fs.readFileSync(inDir('xor.onnx'), 'utf8')).toBe('keep me');
    const replaced = await cli('export', '--to', 'onnx', inDir('xor.nn.json'), '-o', inDir('xor.onnx'));
    expect(replaced.code).toBe(0);
    expect(fs.readFileSync(inDir('xor.onnx'))[0]).toBe(0x08); // an ONNX model starts with its ir_version
  });
});
