import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import * as fake from '../fakes/vscode';
import { registerTeaching, registerExplainCommand } from '../../src/teaching';
import { exampleArgument } from '../../src/teaching/exampleCommands';
import { registerNavigationCommands, type NavigationDeps } from '../../src/commands/navigationCommands';
import type { Selection } from '../../src/shared/protocol';
import { workerBacked, FakeDepth, FakeDocuments } from './hostFakes';
import { localizedManifest } from '../helpers/manifest';

const ROOT = path.resolve(__dirname, '..', '..');
const packageJson = localizedManifest();
const contributed = packageJson.contributes as {
  commands: { command: string; category?: string; title?: string }[];
  menus: { commandPalette: { command: string }[] };
  walkthroughs: { id: string; title: string; steps: { id: string; title: string; description: string; media: { markdown: string } }[] }[];
};
/** The commands the teaching features register (the walkthrough's buttons among them). */
const TEACHING_COMMANDS = [
  'gradlens.compareLosses', 'gradlens.compareRuns', 'gradlens.stepThrough', 'gradlens.stepThroughBack', 'gradlens.timelineBack', 'gradlens.timelineForward',
  'gradlens.timelineSeek', 'gradlens.stepThroughStop', 'gradlens.openExample', 'gradlens.exportHandout', 'gradlens.explainGradient',
];
const walkthroughOf = () => contributed.walkthroughs.find((w) => w.id === 'learnBackprop');

function registeredIds(): string[] {
  fake.resetTeachingFake();
  const deps = { ...workerBacked(), documents: new FakeDocuments([]) };
  registerTeaching({ ...deps, extensionUri: vscode.Uri.file('/ext') });
  registerExplainCommand({ ...deps, depth: new FakeDepth() });
  return [...fake.registered.commands.keys()].sort();
}

/** The panels the walkthrough's Open the panel button asked for (`undefined`: no layer in focus). */
const panelsShown: (Selection | undefined)[] = [];

/** What a walkthrough button may run: the teaching commands, and Open Gradient Panel (registered by the navigation commands). */
function walkthroughCommandIds(): string[] {
  const ids = registeredIds();
  panelsShown.length = 0;
  const deps = { documents: undefined, depth: undefined, showPanel: (focus?: Selection) => panelsShown.push(focus) } as unknown as NavigationDeps;
  registerNavigationCommands(deps);
  return [...new Set([...ids, ...fake.registered.commands.keys()])].sort();
}

/** The pictures `![alt](file)` a walkthrough page shows (paths relative to the page). */
function images(markdown: string): string[] {
  return [...markdown.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
}

/** Command links `[title](command:id?args)` of a walkthrough description. */
function links(description: string): { id: string; args: unknown[] }[] {
  return [...description.matchAll(/\]\(command:([\w.]+)(?:\?([^)]*))?\)/g)].map((m) => ({ id: m[1], args: m[2] ? JSON.parse(decodeURIComponent(m[2])) : [] }));
}

describe('package.json contributes what the teaching code registers', () => {
  it('lists every command the teaching register functions register, and they register exactly those', () => {
    expect(registeredIds()).toEqual([...TEACHING_COMMANDS].sort());
    const listed = contributed.commands.map((c) => c.command);
    for (const id of TEACHING_COMMANDS) expect(listed, id).toContain(id);
    for (const c of contributed.commands.filter((c) => TEACHING_COMMANDS.includes(c.command))) {
      expect(c).toMatchObject({ category: 'GradLens', title: expect.any(String) });
    }
    for (const entry of contributed.menus.commandPalette) expect(listed).toContain(entry.command);
  });

  it('has the walkthrough "Learn back-propagation with GradLens" with its seven steps in order', () => {
    const walkthrough = walkthroughOf();
    expect(walkthrough, 'package.json lacks the walkthrough').toBeDefined();
    expect(walkthrough!.title).toBe('Learn back-propagation with GradLens');
    const examples = walkthrough!.steps.map((s) => links(s.description).find((l) => l.id === 'gradlens.openExample')?.args[0]);
    expect(examples).toEqual(['worked-example.nn.json', 'xor.nn.json', 'squared-vs-cross-entropy.nn.json', 'iris.nn.json', 'vanishing-gradients.nn.json', 'custom-derivative.nn.json', 'conv-net.nn.json']);
    expect(walkthrough!.steps.map((s) => s.title.match(/^(\d+)\. /)?.[1])).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  });

  it('points every step at a page that exists and a button that works', () => {
    const ids = walkthroughCommandIds();
    const listed = contributed.commands.map((c) => c.command);
    const steps = walkthroughOf()?.steps ?? [];
    expect(steps).toHaveLength(7);
    expect(new Set(steps.map((s) => s.id)).size).toBe(steps.length);
    for (const step of steps) {
      expect(existsSync(path.join(ROOT, step.media.markdown)), step.media.markdown).toBe(true);
      expect(readFileSync(path.join(ROOT, step.media.markdown), 'utf8')).toMatch(/^# .+\n\n[\s\S]*## What to look at/);
      for (const image of images(readFileSync(path.join(ROOT, step.media.markdown), 'utf8'))) {
        const file = path.join(ROOT, path.dirname(step.media.markdown), image);
        expect(existsSync(file), image).toBe(true);
        expect(statSync(file).size, `${image} stays a small picture`).toBeLessThan(100_000);
      }
      for (const link of links(step.description)) {
        expect(ids).toContain(link.id);
        expect(listed, link.id).toContain(link.id);
        if (link.id === 'gradlens.openExample') expect(exampleArgument(link.args)).toBe(link.args[0]);
      }
    }
  });

  it('gives the digits CNN step buttons that open conv-net.nn.json, the panel and Explain Gradient, and a page on filters and max-pool', async () => {
    const step = walkthroughOf()!.steps.find((s) => s.id === 'digitsCnn')!;
    expect(step.title).toBe('7. The digits CNN: what a filter learns');
    expect(links(step.description).map((l) => l.id)).toEqual(['gradlens.openExample', 'gradlens.openPanel', 'gradlens.explainGradient']);
    walkthroughCommandIds();
    await fake.registered.commands.get('gradlens.openPanel')!();
    expect(panelsShown).toEqual([undefined]);
    const page = readFileSync(path.join(ROOT, step.media.markdown), 'utf8');
    expect(images(page)).toEqual(['7-digits-cnn-maps.png']);
    for (const topic of ['Kernels', 'feature maps', 'gradient maps', 'max-pool', 'Explain Gradient', 'Step Through Training', '`conv1`', '`pool1`']) expect(page, topic).toContain(topic);
  });
});
