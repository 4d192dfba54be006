/** package.json's editing contributions: one editor-title icon, keybindings only in model files, named status-bar items. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import { registered } from '../fakes/vscode';
import { GradLensStatusBar } from '../../src/status/statusBar';

const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));
const contributes = manifest.contributes;
const commandIds = new Set<string>(contributes.commands.map((c: { command: string }) => c.command));

describe('the editor title', () => {
  it('carries one GradLens icon, a submenu holding the rest', () => {
    expect(contributes.menus['editor/title']).toEqual([{ submenu: 'gradlens.editorTitle', when: 'resourceLangId == nnjson', group: 'navigation@1' }]);
    const submenu = contributes.submenus.find((s: { id: string }) => s.id === 'gradlens.editorTitle');
    expect(submenu.label).toBe('GradLens');
    expect(submenu.icon).toEqual({ light: 'media/gradlens-light.svg', dark: 'media/gradlens-dark.svg' });
  });

  it('menu offers the panel, training, teaching and file commands, all contributed', () => {
    const items: { command: string }[] = contributes.menus['gradlens.editorTitle'];
    expect(items.map((i) => i.command)).toEqual(expect.arrayContaining(['gradlens.openPanel', 'gradlens.train', 'gradlens.pause', 'gradlens.step', 'gradlens.reset', 'gradlens.stepThrough', 'gradlens.exportReport']));
    for (const item of items) expect(commandIds).toContain(item.command);
  });
});

describe('keybindings', () => {
  const bindings: { command: string; key: string; when: string }[] = contributes.keybindings;

  it('reach Train/Pause, Step and the step-through', () => {
    expect(bindings.map((b) => b.command)).toEqual(expect.arrayContaining(['gradlens.train', 'gradlens.pause', 'gradlens.step', 'gradlens.stepThrough', 'gradlens.stepThroughBack', 'gradlens.stepThroughStop']));
    expect(bindings.find((b) => b.command === 'gradlens.train')!.key).toBe(bindings.find((b) => b.command === 'gradlens.pause')!.key);
  });

  it('work only while a model file is the active editor, and name contributed commands', () => {
    for (const binding of bindings) {
      expect(binding.when).toMatch(/^editorLangId == nnjson\b/);
      expect(commandIds).toContain(binding.command);
    }
  });

  it('all start with one chord of GradLens\'s own, Ctrl+Alt+G, and never two on one key at once', () => {
    for (const binding of bindings) expect(binding.key).toMatch(/^ctrl\+alt\+g \S+$/);
    const train = bindings.filter((b) => b.key === 'ctrl+alt+g t').map((b) => b.when);
    expect(train).toEqual(['editorLangId == nnjson && !gradlens.training', 'editorLangId == nnjson && gradlens.training']);
    const others = bindings.filter((b) => b.key !== 'ctrl+alt+g t').map((b) => b.key);
    expect(new Set(others).size).toBe(others.length);
  });
});

describe('schema validation', () => {
  it('is GradLens\'s own for model files: jsonValidation names only rubrics and lecture timelines (plain JSON), none for the nnjson language VS Code would never apply it to', () => {
    expect(contributes.jsonValidation).toEqual([
      { fileMatch: '*.rubric.json', url: './schemas/rubric.schema.json' },
      { fileMatch: '*.lecture.json', url: './schemas/lecture.schema.json' },
    ]);
  });
});

describe('the format setting', () => {
  it('is contributed, on by default', () => {
    expect(contributes.configuration.properties['gradlens.format.keepShortNumberArrays']).toMatchObject({ type: 'boolean', default: true });
  });
});

describe('status bar items', () => {
  it('have ids and names of their own, so each can be hidden', () => {
    registered.statusBarItems.length = 0;
    const never = () => new vscode.Disposable(() => undefined);
    const bar = new GradLensStatusBar(
      { onDidChange: never, get: () => undefined } as never,
      { onDidChangeCurrent: never, current: () => 'file:///m.nn.json' } as never,
      { onDidChange: never, current: 3 } as never,
    );
    expect(registered.statusBarItems.map((i) => [i.id, i.name])).toEqual([
      ['gradlens.status.loss', 'GradLens Loss'],
      ['gradlens.status.depth', 'GradLens Teaching Depth'],
    ]);
    expect(registered.statusBarItems.every((i) => i.visible)).toBe(true);
    bar.dispose();
  });
});
