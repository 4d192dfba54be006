/**
 * package.json's user-facing texts live in package.nls.json (English), so that adding a language is one
 * file, package.nls.LANG.json. A command added with an English title fails here with the key to use.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { localize, nlsBundle, PLACEHOLDER, rawManifest, ROOT } from '../helpers/manifest';

/** Fields whose strings VS Code shows to people (wherever they appear in package.json). */
const TEXT_FIELDS = new Set([
  'title', 'description', 'markdownDescription', 'name', 'contents', 'label', 'altText',
  'deprecationMessage', 'markdownDeprecationMessage', 'enumItemLabels', 'enumDescriptions', 'markdownEnumDescriptions',
]);
/** Texts that are names, not words: the same in every language. */
const NAMES = new Set(['GradLens']);
/** The parts of package.json VS Code shows texts of (the rest: the package's name, scripts, dependencies...). */
const SHOWN = new Set(['displayName', 'description', 'contributes', 'capabilities']);

interface Found { readonly path: string; readonly value: string }

/** Every string of package.json with its JSON path, e.g. contributes.commands[3].title. */
function strings(value: unknown, at = '', field = ''): Found[] {
  if (typeof value === 'string') return [{ path: at, value, field } as Found & { field: string }];
  if (Array.isArray(value)) return value.flatMap((item, i) => strings(item, `${at}[${i}]`, field));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => (at === '' && !SHOWN.has(key) ? [] : strings(item, at ? `${at}.${key}` : key, key)));
  }
  return [];
}

/** The key a text at `path` gets by the file's convention (command.<id>.title, config.<setting>.<field>, ...). */
function suggestedKey(manifest: Record<string, any>, path: string): string {
  const command = /^contributes\.commands\[(\d+)\]\.(\w+)$/.exec(path);
  if (command) return `command.${String(manifest.contributes.commands[Number(command[1])].command).replace(/^gradlens\./, '')}.${command[2]}`;
  const setting = /^contributes\.configuration\.properties\.gradlens\.(.+)\.(\w+)(?:\[(\d+)\])?$/.exec(path);
  if (setting) return `config.${setting[1]}.${setting[2]}`;
  return path.replace(/\[(\d+)\]/g, '.$1');
}

describe('package.json and package.nls.json', () => {
  const manifest = rawManifest();
  const nls = nlsBundle();
  const all = strings(manifest) as (Found & { field: string })[];

  it('every "%key%" package.json uses is a key of package.nls.json', () => {
    const missing = all.filter((s) => PLACEHOLDER.test(s.value) && !(PLACEHOLDER.exec(s.value)![1] in nls))
      .map((s) => `${s.path} uses ${s.value}, which package.nls.json lacks: add "${PLACEHOLDER.exec(s.value)![1]}": "<English text>"`);
    expect(missing).toEqual([]);
  });

  it('no text people see in package.json is left in English: each is a "%key%" of package.nls.json', () => {
    const english = all.filter((s) => TEXT_FIELDS.has(s.field) && !PLACEHOLDER.test(s.value) && !NAMES.has(s.value))
      // a menu's or keybinding's `when`, an id or a path is never in a text field; commands' "category" is the name GradLens
      .map((s) => `${s.path} is "${s.value}" in package.json: move it to package.nls.json as "${suggestedKey(manifest, s.path)}" and write "%${suggestedKey(manifest, s.path)}%" in package.json`);
    expect(english).toEqual([]);
  });

  it('package.nls.json holds no key package.json does not use, and no empty text', () => {
    const used = new Set(all.filter((s) => PLACEHOLDER.test(s.value)).map((s) => PLACEHOLDER.exec(s.value)![1]));
    expect(Object.keys(nls).filter((key) => !used.has(key))).toEqual([]);
    expect(Object.entries(nls).filter(([, text]) => typeof text !== 'string' || text.trim() === '').map(([key]) => key)).toEqual([]);
  });

  it('every command, view, setting and walkthrough step reads as English text once localised', () => {
    const english = localize(manifest);
    const commands = english.contributes.commands as { command: string; title: string }[];
    expect(commands.find((c) => c.command === 'gradlens.openPanel')?.title).toBe('Open Gradient Panel');
    expect(english.contributes.views.gradlens[0].name).toBe('Gradient Explorer');
    expect(english.contributes.configuration.properties['gradlens.depth'].enumItemLabels).toEqual(['1 Drive', '2 Service', '3 Repair', '4 Derive']);
    expect(english.contributes.walkthroughs[0].steps[0].title).toBe('1. The worked example, number by number');
    expect(english.description).toMatch(/^See what gradients do/);
    expect(JSON.stringify(english)).not.toMatch(/"%[^%"\s]+%"/);
  });

  it('a translation package.nls.LANG.json, if any, translates only keys package.nls.json has', () => {
    const translations = readdirSync(ROOT).filter((name) => /^package\.nls\.[\w-]+\.json$/.test(name));
    for (const file of translations) {
      const language = /^package\.nls\.([\w-]+)\.json$/.exec(file)![1];
      expect(Object.keys(nlsBundle(language)).filter((key) => !(key in nls)), file).toEqual([]);
    }
  });
});
