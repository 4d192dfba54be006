// Editing a model file in VS Code: Format Document (here as the save participant) keeps every comment and
// Outline shows the layers, and GradLens's keys (Ctrl+Alt+G then S) step the training.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useWorkbench } from './harness/workbench';

const examples = readdirSync(path.resolve(__dirname, '../../examples')).filter((file) => file.endsWith('.nn.json')).sort();
const comments = (text: string) => text.match(/\/\/.*|\/\*[\s\S]*?\*\//g) ?? [];

describe('editing a model file', () => {
  // Formatting runs as a save participant, so a save's completion (the tab clean again) means the
  // formatted text is on disk: no waiting for an edit that may or may not come.
  const vs = useWorkbench({ open: 'worked-example.nn.json', files: { '.vscode/settings.json': '{ "editor.formatOnSave": true, "outline.collapseItems": "alwaysExpand" }\n' } });

  /** Makes the document dirty (a space after the last line), saves it, and returns the text on disk once saved. */
  async function formatAndSave(file: string): Promise<string> {
    await vs.editor.click();
    await vs.page.keyboard.press('Control+End');
    await vs.page.keyboard.type(' ');
    await expect.poll(() => vs.page.locator('.tab.active.dirty').count(), { timeout: 10_000 }).toBe(1);
    await vs.page.keyboard.press('Control+S');
    await expect.poll(() => vs.page.locator('.tab.active.dirty').count(), { timeout: 30_000 }).toBe(0);
    return vs.readFile(file);
  }

  it.each(examples)('Format Document on %s keeps its comments, and a second time changes nothing', async (file) => {
    await vs.openFile(file);
    const original = vs.readFile(file);
    const once = await formatAndSave(file);
    expect(once).not.toBe(original); // every example is written more compactly than Format Document writes it
    expect(comments(once)).toEqual(comments(original));
    expect(comments(once).length).toBeGreaterThan(0);
    const twice = await formatAndSave(file);
    expect(twice).toBe(once);
  });

  it('the formatted worked example keeps its weights on one line each', async () => {
    await vs.openFile('worked-example.nn.json');
    expect(vs.readFile('worked-example.nn.json')).toContain('"weights": [[0.15, 0.20], [0.25, 0.30]],');
  });

  it('the Outline shows the layers, their parameters, the data and the training', async () => {
    await vs.openFile('worked-example.nn.json');
    await vs.focusView('Outline');
    await expect.poll(() => vs.treeItems('Outline'), { timeout: 20_000 }).toEqual(expect.arrayContaining([
      // A row's text is the symbol's name followed by its detail.
      expect.stringMatching(/^layers ?2 layers$/),
      expect.stringMatching(/^1 hidden ?2 units · sigmoid$/),
      expect.stringMatching(/^2 output ?2 units · sigmoid$/),
      expect.stringMatching(/^data ?1 sample$/),
      expect.stringMatching(/^train ?sgd · learning rate 0\.5 · 1 epoch$/),
    ]));
    await vs.screenshot('outline');
  });

  it('Ctrl+Alt+G then S takes one training step in a model file', async () => {
    await vs.openFile('worked-example.nn.json');
    await expect.poll(() => vs.codeLensTexts(), { timeout: 60_000 }).toContainEqual(expect.stringMatching(/loss 0\.2984\b/));
    await vs.editor.click();
    await vs.page.keyboard.press('Control+Alt+G');
    await vs.page.keyboard.press('S');
    await expect.poll(() => vs.codeLensTexts(), { timeout: 60_000 }).toContainEqual(expect.stringMatching(/^loss 0\.2984 → 0\.2\d+ after 1 step$/));
  });
});
