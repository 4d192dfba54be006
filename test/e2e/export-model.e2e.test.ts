// GradLens: Export Model… in a real VS Code: on the XOR example, PyTorch and the current weights are
// picked, VS Code's save dialog (the simple one of the browser workbench) proposes xor.py beside the
// model file, and after saving, the file on disk is byte for byte what `gradlens export` writes.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { useWorkbench } from './harness/workbench';

describe('Export Model…', () => {
  const vs = useWorkbench({ open: 'xor.nn.json' });

  it('asks the format, the weights and a place beside the model file, and writes the PyTorch file gradlens export writes', async () => {
    expect(existsSync(vs.path('xor.py'))).toBe(false); // nothing is written before the person asks
    // The command is offered once a model file is the current one (its lenses show it was analysed).
    await vs.openFile('xor.nn.json');
    await expect.poll(() => vs.codeLensTexts(), { timeout: 90_000 }).toContainEqual(expect.stringMatching(/^loss \d/));
    await vs.runCommand('GradLens: Export Model…', async () => {
      await vs.pickQuickItem('PyTorch Python file');
      await vs.pickQuickItem('Current weights');
    });
    // The save dialog: a quick input whose text is the proposed file's path.
    const box = vs.page.locator('.quick-input-widget .quick-input-box input');
    await expect.poll(() => box.inputValue().catch(() => ''), { timeout: 60_000 }).toMatch(/[/\\]xor\.py$/);
    await box.press('Enter');
    await expect.poll(() => vs.notifications(), { timeout: 60_000 })
      .toContainEqual(expect.stringMatching(/^GradLens exported XOR 2-3-1 to xor\.py as a PyTorch script \(2 layers, current weights\)\./));
    await expect.poll(() => existsSync(vs.path('xor.py')), { timeout: 30_000 }).toBe(true);

    const out = path.join(mkdtempSync(path.join(tmpdir(), 'gradlens-export-e2e-')), 'xor.py');
    let errors = '';
    const code = await runCli(['export', '--to', 'pytorch', vs.path('xor.nn.json'), '-o', out], { out: () => undefined, err: (t) => { errors += t; }, isTerminal: false });
    expect([code, errors]).toEqual([0, '']);
    expect(vs.readFile('xor.py')).toBe(readFileSync(out, 'utf8'));
    expect(vs.readFile('xor.py')).toContain('def build_model():');
    await vs.screenshot('export-model');
  }, 300_000); // a hang bound: opening, analysing, three questions and a save on a busy machine
});
