/**
 * Issue 19, item 3: Export Report wrote unescaped Markdown and followed symlinks. Model, layer and
 * activation names went into `<base>.report.md` as written (`<script>`, remote `<img>`, `](command:…)`
 * links, injected headings), and `.report.md`/`.report.json` were overwritten without asking and
 * without a symlink check: a repository shipping `model.report.md -> ../.bashrc` and a model named
 * `"demo\necho PWNED…\n"` got `.bashrc` overwritten. The handout asked before overwriting, but a
 * dangling symlink skipped the question.
 */
import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import * as fake from '../fakes/vscode';
import { registerFileCommands } from '../../src/commands/fileCommands';
import { markdownReport } from '../../src/analysis/markdownReport';
import { registerTeaching } from '../../src/teaching';
import { FakeDocuments, fakeDocument, workerBacked } from '../teaching/hostFakes';
import { exampleText, openText } from '../helpers/examples';
import { onRealDisk } from './nodeFileSystem';
import { tempFolder } from './helpers';
import { ACTIVE_MARKDOWN, HOSTILE_NAMES } from './hostileCorpus';

function hostileModel(modelName: string, layerName: string): string {
  return JSON.stringify({
    name: modelName, inputs: 2,
    layers: [
      { name: layerName, units: 2, activation: { name: layerName, f: 'x / (1 + abs(x))', df: '1 / (1 + abs(x))' } },
      { name: `${layerName} out`, units: 1, activation: 'sigmoid' },
    ],
    loss: 'mse', data: { inputs: [[0, 1], [1, 0]], targets: [[1], [0]] },
  });
}

describe('the Markdown report escapes every name from the model file', () => {
  for (const name of HOSTILE_NAMES) {
    it(`model, layer and activation named ${JSON.stringify(name)} come out as text`, () => {
      const analysis = openText(hostileModel(name, name), '/work/hostile.nn.json').analyse().analysis!;
      const md = markdownReport(analysis, 'hostile.nn.json');
      for (const pattern of ACTIVE_MARKDOWN) expect(md, String(pattern)).not.toMatch(pattern);
      expect(md.split('\n')[0]).toMatch(/^# GradLens report: /);
    });
  }
});

describe('Export Report on the real disk', () => {
  let dir: string;
  const model = () => path.join(dir, 'model.nn.json');
  const text = hostileModel('demo\necho PWNED\n', 'hidden');

  beforeEach(() => {
    fake.resetTeachingFake();
    dir = path.join(tempFolder('export'), 'repo');
    mkdirSync(dir);
    writeFileSync(model(), text);
    const analysis = openText(text, model()).analyse().analysis!;
    const document = { uri: vscode.Uri.file(model()), version: 1, languageId: 'nnjson', getText: () => text };
    registerFileCommands({
      analyses: { analyse: async () => ({ uri: document.uri.toString(), version: 1, runState: 'idle', outcome: { analysis, diagnostics: [] } }) },
      documents: { target: () => document },
      extensionUri: vscode.Uri.file('/ext'),
    } as never);
  });

  it('refuses to write through model.report.md -> ../.bashrc, and leaves .bashrc as it was', async () => {
    const bashrc = path.join(dir, '..', '.bashrc');
    writeFileSync(bashrc, 'alias ll="ls -l"\n');
    symlinkSync('../.bashrc', path.join(dir, 'model.report.md'));
    await onRealDisk(() => Promise.resolve(vscode.commands.executeCommand('gradlens.exportReport')));
    expect(readFileSync(bashrc, 'utf8')).toBe('alias ll="ls -l"\n');
    expect(existsSync(path.join(dir, 'model.report.json'))).toBe(false);
    expect(fake.registered.messages.at(-1)?.level).toBe('error');
    expect(fake.registered.messages.at(-1)?.text).toMatch(/model\.report\.md is a symbolic link/);
  });

  it('refuses a dangling symlink too (it would create the file it points to)', async () => {
    const target = path.join(dir, '..', 'created-elsewhere');
    symlinkSync('../created-elsewhere', path.join(dir, 'model.report.json'));
    await onRealDisk(() => Promise.resolve(vscode.commands.executeCommand('gradlens.exportReport')));
    expect(existsSync(target)).toBe(false);
    expect(existsSync(path.join(dir, 'model.report.md'))).toBe(false);
    expect(fake.registered.messages.at(-1)?.level).toBe('error');
  });

  it('asks before overwriting an existing report, and leaves it alone unless told to', async () => {
    writeFileSync(path.join(dir, 'model.report.md'), 'my notes');
    fake.messageAnswers.push(undefined);
    await onRealDisk(() => Promise.resolve(vscode.commands.executeCommand('gradlens.exportReport')));
    expect(readFileSync(path.join(dir, 'model.report.md'), 'utf8')).toBe('my notes');
    expect(existsSync(path.join(dir, 'model.report.json'))).toBe(false);
    expect(fake.registered.messages.at(-1)?.text).toMatch(/model\.report\.md already exists.*Overwrite/);
    fake.messageAnswers.push('Overwrite');
    await onRealDisk(() => Promise.resolve(vscode.commands.executeCommand('gradlens.exportReport')));
    const md = readFileSync(path.join(dir, 'model.report.md'), 'utf8');
    expect(md).toMatch(/^# GradLens report: demo echo PWNED/);
    for (const pattern of ACTIVE_MARKDOWN) expect(md, String(pattern)).not.toMatch(pattern);
  });
});

describe('Export Lecture Handout on the real disk', () => {
  it('refuses a dangling symlink where the handout would go, instead of skipping the question', async () => {
    fake.resetTeachingFake();
    const dir = path.join(tempFolder('handout'), 'repo');
    mkdirSync(dir);
    const file = path.join(dir, 'worked-example.nn.json');
    writeFileSync(file, exampleText('worked-example.nn.json'));
    symlinkSync('../planted.html', path.join(dir, 'worked-example.handout.html'));
    registerTeaching({ ...workerBacked(), documents: new FakeDocuments([fakeDocument(file, exampleText('worked-example.nn.json'))]), extensionUri: vscode.Uri.file('/ext') });
    fake.messageAnswers.push('Overwrite');
    const written = await onRealDisk(() => Promise.resolve(vscode.commands.executeCommand('gradlens.exportHandout')));
    expect(written).toBeUndefined();
    expect(existsSync(path.join(dir, '..', 'planted.html'))).toBe(false);
    expect(lstatSync(path.join(dir, 'worked-example.handout.html')).isSymbolicLink()).toBe(true);
    expect(fake.registered.messages.at(-1)?.level).toBe('error');
  });
});
