import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import * as fake from '../fakes/vscode';
import contributes from '../../src/teaching/contributes.json';
import { registerTeaching, registerExplainCommand } from '../../src/teaching';
import { exampleArgument } from '../../src/teaching/exampleCommands';
import { workerBacked, FakeDepth, FakeDocuments } from './hostFakes';

const ROOT = path.resolve(__dirname, '..', '..');
const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

function registeredIds(): string[] {
  fake.resetTeachingFake();
  const deps = { ...workerBacked(), documents: new FakeDocuments([]) };
  registerTeaching({ ...deps, extensionUri: vscode.Uri.file('/ext') });
  registerExplainCommand({ ...deps, depth: new FakeDepth() });
  return [...fake.registered.commands.keys()].sort();
}

/** Command links `[title](command:id?args)` of a walkthrough description. */
function links(description: string): { id: string; args: unknown[] }[] {
  return [...description.matchAll(/\]\(command:([\w.]+)(?:\?([^)]*))?\)/g)].map((m) => ({ id: m[1], args: m[2] ? JSON.parse(decodeURIComponent(m[2])) : [] }));
}

describe('the proposed package.json contributions agree with the code', () => {
  it('lists exactly the commands the teaching register functions register', () => {
    const listed = [...contributes.commands.map((c) => c.command), 'gradlens.explainGradient'].sort();
    expect(registeredIds()).toEqual(listed);
    for (const c of contributes.commands) expect(c).toMatchObject({ category: 'GradLens', title: expect.any(String) });
    for (const entry of contributes.menus.commandPalette) expect(listed).toContain(entry.command);
  });

  it('has the walkthrough "Learn back-propagation with GradLens" with its six steps in order', () => {
    const [walkthrough] = contributes.walkthroughs;
    expect(walkthrough.title).toBe('Learn back-propagation with GradLens');
    const examples = walkthrough.steps.map((s) => links(s.description).find((l) => l.id === 'gradlens.openExample')?.args[0]);
    expect(examples).toEqual(['worked-example.nn.json', 'xor.nn.json', 'squared-vs-cross-entropy.nn.json', 'iris.nn.json', 'vanishing-gradients.nn.json', 'custom-derivative.nn.json']);
  });

  it('points every step at a page that exists and a button that works', () => {
    const ids = registeredIds();
    for (const step of contributes.walkthroughs[0].steps) {
      expect(existsSync(path.join(ROOT, step.media.markdown)), step.media.markdown).toBe(true);
      expect(readFileSync(path.join(ROOT, step.media.markdown), 'utf8')).toMatch(/^# .+\n\n[\s\S]*## What to look at/);
      for (const link of links(step.description)) {
        expect(ids).toContain(link.id);
        if (link.id === 'gradlens.openExample') expect(exampleArgument(link.args)).toBe(link.args[0]);
      }
    }
  });

  it('matches package.json wherever package.json already lists these contributions', () => {
    for (const c of contributes.commands) {
      const there = (packageJson.contributes.commands as { command: string }[]).find((p) => p.command === c.command);
      if (there) expect(there).toEqual(c);
    }
    const walkthrough = (packageJson.contributes.walkthroughs ?? []).find((w: { id: string }) => w.id === contributes.walkthroughs[0].id);
    if (walkthrough) expect(walkthrough).toEqual(contributes.walkthroughs[0]);
  });
});
