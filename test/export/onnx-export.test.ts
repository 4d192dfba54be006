/**
 * Export to ONNX read back by our own importer: every example and the 24 random models (custom
 * activations replaced by tanh, which ONNX has) become ONNX files (opset 13, float64) that `importOnnx` turns into a model file with the
 * same layers, geometry, activations and parameter values, bit for bit. ONNX cannot hold a custom
 * activation: exporting one is an error that names the layer. The files pass ONNX's own checker
 * (python3-onnx's `onnx.checker.check_model`, full check).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportNetwork } from '../../src/analysis/exportNetwork';
import { ModelSession } from '../../src/analysis/modelSession';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import type { ExportLayer, ExportNetwork } from '../../src/model/export/exportedNetwork';
import { onnxModelBytes } from '../../src/model/export/onnxModel';
import { importOnnx } from '../../src/model/onnx/importModel';
import type { ModelFile } from '../../src/model/types';
import { openSession } from './exportCases';
import { randomModel } from './randomModels';

const ROOT = path.resolve(__dirname, '../..');

interface Exported { readonly name: string; readonly model: ModelFile; readonly network: ExportNetwork }

function exportedModels(): Exported[] {
  const folder = path.join(ROOT, 'examples');
  const examples = fs.readdirSync(folder).filter((f) => f.endsWith('.nn.json')).sort().map((f) => {
    const file = path.join(folder, f);
    return { name: f, session: openSession(fs.readFileSync(file, 'utf8'), file) };
  });
  const randoms = Array.from({ length: 24 }, (_, i) => {
    const m = randomModel(i);
    return { name: m.name, session: openSession(m.text, path.join(os.tmpdir(), `random${i}.nn.json`)) };
  });
  return [...examples, ...randoms].map(({ name, session }) => ({ name, model: session.model, network: exportNetwork(session.anyNetwork) }));
}

const hasCustom = (n: ExportNetwork): boolean => n.layers.some((l) => 'activation' in l && typeof l.activation === 'object');

/** The network with tanh for each custom activation: the rest of it can still go through ONNX. */
function withoutCustom(e: Exported): Exported {
  const layers = e.network.layers.map((l) => ('activation' in l && typeof l.activation === 'object' ? { ...l, activation: 'tanh' as const } : l));
  return { ...e, network: { ...e.network, layers } };
}

/** A CSV the importer accepts for this network: the training inputs, and class labels or the one target. */
function csvOf(model: ModelFile): string {
  const { inputs, targets } = model.data.train;
  const header = [...Array.from({ length: inputs.cols }, (_, j) => `x${j}`), 'y'].join(',');
  // At least one row per class (rows repeat when the set is smaller): only the network is compared.
  const rows = Array.from({ length: Math.max(inputs.rows, targets.cols) }, (_, r) => {
    const i = r % inputs.rows;
    const x = Array.from(inputs.data.subarray(i * inputs.cols, (i + 1) * inputs.cols), String);
    return [...x, targets.cols === 1 ? String(targets.data[i]) : `c${r % targets.cols}`].join(',');
  });
  return [header, ...rows].join('\n') + '\n';
}

/** Everything but names and frozen flags (ONNX has no place for either). */
function comparable(layer: ExportLayer): unknown {
  const { name: _name, ...rest } = layer as ExportLayer & { trainable?: unknown };
  delete (rest as { trainable?: unknown }).trainable;
  const plain: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) plain[k] = v instanceof Float64Array ? Array.from(v) : typeof v === 'object' && v !== null && 'fText' in v ? (v as { fText: string }).fText : v;
  return plain;
}

/**
 * The importer's normal form: an activation layer right after a dense, conv2d or batchnorm layer
 * without an activation becomes that layer's activation (the same computation, as PyTorch writes it),
 * and a linear activation layer (the identity) has no node to read.
 */
function folded(layers: readonly ExportLayer[]): ExportLayer[] {
  const out: ExportLayer[] = [];
  for (const layer of layers) {
    if (layer.type === 'activation' && layer.activation === 'linear') continue;
    const previous = out[out.length - 1];
    if (layer.type === 'activation' && previous && (previous.type === 'dense' || previous.type === 'conv2d' || previous.type === 'batchnorm') && previous.activation === 'linear') {
      out[out.length - 1] = { ...previous, activation: layer.activation };
    } else {
      out.push(layer);
    }
  }
  return out;
}

function roundTrip(e: Exported): ExportNetwork {
  const onnx = onnxModelBytes(e.model, e.network, { producerVersion: 'test' });
  const csv = csvOf(e.model);
  const imported = importOnnx({ onnx, csvText: csv, csvPath: 'data.csv', name: e.model.name, loss: e.model.loss });
  const opened = ModelSession.open(imported.text, path.join(os.tmpdir(), 'roundtrip.nn.json'), DEFAULT_ANALYSIS_SETTINGS, {
    readText: (p) => (p === 'data.csv' ? { text: csv } : { error: 'no such file' }),
  });
  if (!opened.session) throw new Error(`${e.name}: the imported model does not open: ${opened.diagnostics.map((d) => d.message).join('; ')}`);
  return exportNetwork(opened.session.anyNetwork);
}

describe('a model exported to ONNX', () => {
  const models = exportedModels();
  const plain = models.map((e) => (hasCustom(e.network) ? withoutCustom(e) : e));

  it('reads back through gradlens import as the same layers and the same float64 parameters, bit for bit', () => {
    expect(plain.length).toBe(models.length);
    expect(models.filter((e) => hasCustom(e.network)).length).toBeGreaterThan(0);
    const types = new Set(plain.flatMap((e) => e.network.layers.map((l) => l.type)));
    expect([...types].sort()).toEqual(['activation', 'avgpool2d', 'batchnorm', 'conv2d', 'dense', 'dropout', 'flatten', 'maxpool2d']);
    for (const e of plain) {
      const back = roundTrip(e);
      expect([e.name, back.inputShape]).toEqual([e.name, e.network.inputShape]);
      expect([e.name, folded(back.layers).map(comparable)]).toEqual([e.name, folded(e.network.layers).map(comparable)]);
    }
  });

  it('refuses a custom activation, naming the layer, since ONNX has no operator for it', () => {
    const custom = models.find((e) => e.name === 'custom-derivative.nn.json')!;
    expect(() => onnxModelBytes(custom.model, custom.network, { producerVersion: 'test' })).toThrow(/layer 'hidden' uses the custom activation 'softsign', which has no ONNX operator/);
  });

  it('passes ONNX\'s own checker (python3-onnx, full check with shape inference)', () => {
    const python = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import onnx'], { timeout: 120_000 }).status === 0);
    if (!python) throw new Error('python3-onnx is missing: the ONNX export test checks the files with onnx.checker. Install it with `apt-get install -y python3-onnx` (Debian), or run `npm test`, which installs it.');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gradlens-onnx-'));
    try {
      const files = plain.map((e, i) => {
        const file = path.join(dir, `m${i}.onnx`);
        fs.writeFileSync(file, onnxModelBytes(e.model, e.network, { producerVersion: 'test' }));
        return file;
      });
      const script = 'import sys, onnx\nfor f in sys.argv[1:]:\n    onnx.checker.check_model(onnx.load(f), full_check=True)\nprint(len(sys.argv) - 1)\n';
      const run = spawnSync(python, ['-c', script, ...files], { encoding: 'utf8', timeout: 300_000 });
      expect(run.stderr).toBe('');
      expect(run.stdout.trim()).toBe(String(files.length));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
