// A LeNet-5 style network trained in PyTorch (test/fixtures/lenet, scripts/onnx-fixtures/make_fixtures.py
// --lenet), imported by `gradlens import` to lenet.nn.json + lenet.safetensors (its 19,754 parameters in
// the weights file), opened in a real VS Code: the lenses show PyTorch's loss, the panel draws the
// network, the inlay hints show gradients after the layers' names, Train lowers the loss, and Write Trained
// Weights rewrites the weights file after asking. Runs in both extension hosts: in the web worker host the
// weights file is read and written through vscode.workspace.fs (src/platform/workspaceDataFiles.ts).
import { copyFileSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { decodeSafetensors } from '../../src/model/safetensors';
import { useWorkbench } from './harness/workbench';

const LENET = path.resolve(__dirname, '..', 'fixtures', 'lenet');
const torchLoss = (JSON.parse(readFileSync(path.join(LENET, 'lenet.json'), 'utf8')) as { lossValue: number }).lossValue;

/** The files `gradlens import lenet.onnx --data lenet.csv` writes, with the CSV they name. */
async function importedLenet(): Promise<Record<string, string | Uint8Array>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gradlens-lenet-e2e-'));
  for (const ext of ['onnx', 'csv']) copyFileSync(path.join(LENET, `lenet.${ext}`), path.join(dir, `lenet.${ext}`));
  let errors = '';
  const code = await runCli(['import', path.join(dir, 'lenet.onnx'), '--data', path.join(dir, 'lenet.csv')], { out: () => undefined, err: (t) => { errors += t; }, isTerminal: false });
  if (code !== 0) throw new Error(`gradlens import failed: ${errors}`);
  return {
    'lenet/lenet.nn.json': readFileSync(path.join(dir, 'lenet.nn.json'), 'utf8'),
    'lenet/lenet.safetensors': readFileSync(path.join(dir, 'lenet.safetensors')),
    'lenet/lenet.csv': readFileSync(path.join(dir, 'lenet.csv'), 'utf8'),
  };
}

const lossLens = (texts: string[]) => texts.find((t) => /^loss \d/.test(t));
/** The 1-based line of `"loss"` (its lens is above it, below the layers: out of view until the editor goes there). */
const lossLine = (text: string) => text.split('\n').findIndex((line) => line.trimStart().startsWith('"loss"')) + 1;

describe('LeNet-5 imported from PyTorch with its weights in a file', async () => {
  const files = await importedLenet();
  const vs = useWorkbench({ open: 'lenet/lenet.nn.json', files });

  it('the model file names its weights file and holds no numbers', () => {
    expect(files['lenet/lenet.nn.json']).toContain('"weightsFile": "lenet.safetensors"');
    expect(files['lenet/lenet.nn.json']).not.toContain('"weights"');
  });

  it('the lenses show PyTorch\'s loss on the data, computed from the weights file', async () => {
    await expect.poll(() => vs.inlayHintTexts(), { timeout: 90_000 }).toContainEqual(expect.stringMatching(/^∂L\/∂w \[/));
    await vs.goToLine(lossLine(files['lenet/lenet.nn.json'] as string));
    await expect.poll(async () => lossLens(await vs.codeLensTexts()), { timeout: 90_000 }).toBe(`loss ${torchLoss.toPrecision(4)}`);
    await vs.screenshot('lenet-lenses');
  });

  it('the panel opens and draws the network\'s layers', async () => {
    await vs.runCommand('GradLens: Open Gradient Panel');
    const frame = vs.webviewFrame();
    await expect.poll(async () => (await frame.locator('body').innerText().catch(() => '')), { timeout: 90_000 }).toContain('conv0.weights');
    await expect.poll(async () => (await vs.canvasInk(frame)).filter((ink) => ink > 0).length, { timeout: 30_000 }).toBeGreaterThan(0);
    await vs.screenshot('lenet-panel');
  });

  it('at depth 3 the inlay hints show each layer\'s first gradients after its name', async () => {
    await vs.openFile('lenet/lenet.nn.json');
    await vs.runCommand('GradLens: Set Teaching Depth…');
    await vs.pickQuickItem(/3 Repair/);
    await expect.poll(() => vs.inlayHintTexts(), { timeout: 60_000 }).toContainEqual(expect.stringMatching(/^∂L\/∂w \[-?\d/));
  });

  it('Train lowers the loss', async () => {
    await vs.openFile('lenet/lenet.nn.json');
    await vs.goToLine(lossLine(files['lenet/lenet.nn.json'] as string));
    await expect.poll(async () => lossLens(await vs.codeLensTexts()), { timeout: 60_000 }).toMatch(/^loss \d/);
    await vs.runCommand('GradLens: Train');
    await expect.poll(async () => lossLens(await vs.codeLensTexts()), { timeout: 120_000 }).toMatch(/ after \d+ steps?$/);
    const [before, after] = (lossLens(await vs.codeLensTexts())!.match(/\d+\.\d+/g) ?? []).map(Number);
    expect(after).toBeLessThan(before!);
    await vs.screenshot('lenet-trained');
  });

  it('Write Trained Weights asks, then rewrites the weights file with the trained numbers (same tensors, new values)', async () => {
    await vs.openFile('lenet/lenet.nn.json');
    await vs.runCommand('GradLens: Write Trained Weights to File');
    const write = vs.page.locator('.monaco-dialog-box').getByRole('button', { name: 'Write', exact: true });
    await write.click({ timeout: 30_000 });
    const original = files['lenet/lenet.safetensors'] as Uint8Array;
    const onDisk = () => new Uint8Array(readFileSync(vs.path('lenet/lenet.safetensors')));
    await expect.poll(() => Buffer.compare(onDisk(), original) !== 0, { timeout: 60_000 }).toBe(true);
    const before = decodeSafetensors(original);
    const after = decodeSafetensors(onDisk());
    if ('error' in before || 'error' in after) throw new Error('a weights file does not decode');
    expect(after.tensors.map((t) => [t.name, t.shape])).toEqual(before.tensors.map((t) => [t.name, t.shape]));
    const changed = after.tensors.filter((t, i) => t.values.some((v, j) => v !== before.tensors[i]!.values[j]));
    expect(changed.length).toBeGreaterThan(0);
    // The model file still holds no numbers, and nothing else was left beside it (the temporary file was renamed).
    expect(vs.readFile('lenet/lenet.nn.json')).not.toContain('"weights"');
    expect(readdirSync(vs.path('lenet')).sort()).toEqual(['lenet.csv', 'lenet.nn.json', 'lenet.safetensors']);
  });
});
