/**
 * Issue 9, webview:
 * - every message from the panel is validated: `parsePanelMessage` never throws on any value at all,
 *   accepts exactly the protocol's messages (checked against an independent reading of the protocol
 *   on random values, random JSON and near misses of valid messages) and copies only the protocol's
 *   fields; the panel controller ignores and logs every malformed message (fake vscode);
 * - the panel's page holds its Content Security Policy (default-src 'none', one script with a fresh
 *   nonce, no inline code, no 'unsafe-*') and loads nothing remote: no http(s) URL in the page, the
 *   stylesheet's url()s are files of media/, and the webview bundle uses no network API.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import { GradientPanelManager } from '../../src/panel/gradientPanel';
import { parsePanelMessage, type PanelToHostMessage } from '../../src/shared/protocol';
import { webviewPanels } from '../fakes/vscode';
import { FakeDataSource, RecordingLogger } from '../panel/fakeDataSource';
import { ROOT } from './helpers';

// ---- the protocol, read independently of src/protocol --------------------------------------

const COMMANDS = ['run', 'train', 'pause', 'step', 'reset', 'gradientCheck'];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const nonNegativeInteger = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** What a message must be parsed into, or undefined when it is not a protocol message. */
function expected(raw: unknown): PanelToHostMessage | undefined {
  if (!isObject(raw) || Array.isArray(raw)) return undefined;
  const type = raw.type;
  if (type === 'ready') return { type };
  if (type === 'setDepth') return [1, 2, 3, 4].includes(raw.depth as number) ? { type, depth: raw.depth as 1 | 2 | 3 | 4 } : undefined;
  if (type === 'command') {
    const { command, epochs, learningRate } = raw;
    if (typeof command !== 'string' || !COMMANDS.includes(command)) return undefined;
    if (epochs !== undefined && !(typeof epochs === 'number' && Number.isInteger(epochs) && epochs >= 1 && epochs <= 1_000_000)) return undefined;
    if (learningRate !== undefined && !(typeof learningRate === 'number' && Number.isFinite(learningRate) && learningRate > 0 && learningRate <= 1000)) return undefined;
    return { type, command: command as 'run', epochs: epochs as number | undefined, learningRate: learningRate as number | undefined };
  }
  if (type === 'reveal' || type === 'explain') {
    const s = raw.selection;
    if (!isObject(s) || !nonNegativeInteger(s.layerIndex)) return undefined;
    if (s.param !== undefined && s.param !== 'weights' && s.param !== 'bias') return undefined;
    if (s.index !== undefined && !(Array.isArray(s.index) && s.index.length <= 2 && s.index.every(nonNegativeInteger))) return undefined;
    return {
      type,
      selection: {
        layerIndex: s.layerIndex as number,
        ...(s.param !== undefined ? { param: s.param as 'weights' } : {}),
        ...(s.index !== undefined ? { index: [...(s.index as number[])] } : {}),
      },
    };
  }
  return undefined;
}

/** Values chosen to sit on the protocol's edges. */
const edgy = fc.constantFrom<unknown>(
  undefined, null, 0, -0, 1, 2, 3, 4, 5, -1, 0.5, 1e3, 1000.0001, 1e6, 1e6 + 1, 1e308, Number.NaN, Infinity, -Infinity,
  Number.MAX_SAFE_INTEGER, '1', '', 'run', 'train', 'pause', 'step', 'reset', 'gradientCheck', 'Run', 'weights', 'bias', 'ready',
  true, false, [], [0], [0, 0], [0, 0, 0], [-1], [0.5], ['0'], [1e308, 0], {}, { layerIndex: 0 }, { layerIndex: 1, param: 'bias', index: [2] },
);
const field = fc.oneof(edgy, fc.jsonValue({ maxDepth: 2 }));
const selection = fc.record(
  { layerIndex: field, param: fc.oneof(edgy, fc.constantFrom('weights', 'bias')), index: fc.oneof(edgy, fc.array(field, { maxLength: 3 })), extra: field },
  { requiredKeys: [] },
);
/** Near misses: each type of the protocol with its fields drawn from valid and invalid values. */
const nearMiss = fc.record(
  {
    type: fc.oneof(fc.constantFrom('ready', 'command', 'reveal', 'explain', 'setDepth', 'snapshot', 'READY', '__proto__', 'constructor'), field),
    command: fc.oneof(fc.constantFrom(...COMMANDS), field), epochs: field, learningRate: field, depth: field, selection: fc.oneof(selection, field),
    extra: field, __proto__: field,
  },
  { requiredKeys: ['type'] },
);

describe('parsePanelMessage', () => {
  it('never throws, and accepts exactly the protocol\'s messages, with only their fields', () => {
    const check = (raw: unknown) => {
      let parsed: PanelToHostMessage | undefined;
      expect(() => { parsed = parsePanelMessage(raw); }).not.toThrow();
      expect(parsed).toStrictEqual(expected(raw));
      if (parsed && isObject(raw)) expect(parsed).not.toBe(raw); // a fresh copy: nothing of the raw object passes through
    };
    fc.assert(fc.property(fc.anything({ withBoxedValues: true, withNullPrototype: true, withObjectString: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withBigInt: true, withDate: true }), check), { seed: 9, numRuns: 3_000 });
    fc.assert(fc.property(fc.jsonValue(), check), { seed: 10, numRuns: 2_000 });
    fc.assert(fc.property(nearMiss, check), { seed: 11, numRuns: 5_000 });
    fc.assert(fc.property(nearMiss.map((m) => JSON.parse(JSON.stringify(m)) as unknown), check), { seed: 12, numRuns: 3_000 });
  });

  it('a message with __proto__ or extra keys passes on none of them', () => {
    const raw = JSON.parse('{"type":"reveal","selection":{"layerIndex":1,"__proto__":{"polluted":true},"param":"weights","index":[0,1],"evil":"x"},"__proto__":{"admin":true}}');
    const parsed = parsePanelMessage(raw);
    expect(parsed).toStrictEqual({ type: 'reveal', selection: { layerIndex: 1, param: 'weights', index: [0, 1] } });
    expect(Object.keys((parsed as { selection: object }).selection)).toEqual(['layerIndex', 'param', 'index']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('the panel ignores and logs malformed messages', () => {
  afterEach(() => { webviewPanels.length = 0; });
  const MODEL = 'file:///work/examples/xor.nn.json';

  function panel() {
    const dataSource = new FakeDataSource(MODEL);
    const logger = new RecordingLogger();
    const manager = GradientPanelManager.register({ extensionUri: vscode.Uri.file('/ext'), dataSource, logger });
    manager.createOrShow();
    return { dataSource, logger, manager, webview: webviewPanels.at(-1)!.webview };
  }

  it('random invalid messages: none reaches the data source, each is logged', () => {
    const { dataSource, logger, manager, webview } = panel();
    const invalid = fc.sample(fc.oneof(nearMiss, fc.anything()), { seed: 13, numRuns: 2_000 }).filter((m) => expected(m) === undefined);
    const cyclic: Record<string, unknown> = { type: 'command', command: 'train' };
    cyclic.self = cyclic;
    cyclic.epochs = cyclic;
    const hostile = [cyclic, { type: 'command', command: 'run', epochs: 10n }, () => 1, Symbol('x'), { type: 'setDepth', depth: '4' }];
    for (const m of [...invalid, ...hostile]) expect(() => webview.fireMessage(m)).not.toThrow();
    expect(dataSource.calls).toEqual([]);
    expect(logger.warnings).toHaveLength(invalid.length + hostile.length);
    for (const w of logger.warnings) expect(w).toMatch(/^Gradient panel: ignored an invalid message: /);
    expect(Math.max(...logger.warnings.map((w) => w.length))).toBeLessThanOrEqual('Gradient panel: ignored an invalid message: '.length + 200);
    // A valid message still works.
    webview.fireMessage({ type: 'command', command: 'step' });
    expect(dataSource.calls).toEqual([{ method: 'command', args: [MODEL, 'step', {}] }]);
    manager.dispose();
  });
});

describe('the panel page: its CSP holds and nothing is remote', () => {
  afterEach(() => { webviewPanels.length = 0; });

  it('default-src \'none\', two scripts (KaTeX, then the bundle) with this page\'s nonce, no inline code, no remote URL', () => {
    const manager = GradientPanelManager.register({ extensionUri: vscode.Uri.file('/ext'), dataSource: new FakeDataSource('file:///m.nn.json'), logger: new RecordingLogger() });
    manager.createOrShow();
    const { webview } = webviewPanels.at(-1)!;
    const html = webview.html;
    const metas = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/g)];
    expect(metas).toHaveLength(1);
    expect(metas[0]!.index).toBeLessThan(html.search(/<link|<script/));
    const csp = new Map(metas[0]![1]!.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
    expect(csp.get('default-src')).toEqual(["'none'"]);
    const nonce = /^'nonce-([A-Za-z0-9+/=]+)'$/.exec(csp.get('script-src')?.join(' ') ?? '')?.[1];
    expect(nonce, 'script-src is only this page\'s nonce').toBeDefined();
    expect(Buffer.from(nonce!, 'base64').length).toBeGreaterThanOrEqual(16);
    for (const [name, values] of csp) {
      for (const v of values) expect(v, `${name} ${v}`).not.toMatch(/unsafe|^\*$|^https?:$|^http:/);
      if (name !== 'default-src' && name !== 'script-src') expect(values.filter((v) => v !== webview.cspSource && v !== 'data:'), name).toEqual([]);
    }
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(2);
    for (const script of scripts) {
      expect(script[1]).toContain(`nonce="${nonce}"`);
      expect(script[2]!.trim(), 'no inline script').toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=|javascript:|<style|style=|<iframe|<object|<embed|<base/i);
    // Every resource the page names is a webview resource of the extension's dist/ or media/.
    const refs = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);
    expect(refs.length).toBe(4); // KaTeX's CSS and script (dist/katex/), the panel's CSS and bundle
    for (const ref of refs) expect(ref).toMatch(/^vscode-webview-resource:\/\/\/ext\/(dist|media)\//);
    // No http(s) URL anywhere but the webview's own resource origin in the CSP.
    expect(html.split(webview.cspSource).join('')).not.toMatch(/https?:\/\//);
    // The webview may read only the bundle and media folders, and runs no command URIs.
    expect(webview.options.enableCommandUris).toBe(false);
    expect(webview.options.localResourceRoots?.map((u) => u.path)).toEqual(['/ext/dist', '/ext/media']);
    manager.dispose();
  });

  it('the stylesheet and the webview bundle load nothing remote', async () => {
    const css = readFileSync(path.join(ROOT, 'media/panel.css'), 'utf8');
    expect(css).not.toMatch(/@import|https?:|\/\//);
    for (const [, url] of css.matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)/g)) {
      expect(url).not.toMatch(/^[a-z]+:|^\/|\.\./i);
      expect(existsSync(path.join(ROOT, 'media', url!)), url).toBe(true);
    }
    const bundle = await build({ entryPoints: [path.join(ROOT, 'webview/main.ts')], bundle: true, write: false, platform: 'browser', target: 'es2022', format: 'iife', legalComments: 'none', logLevel: 'silent' }); // as scripts/build.mjs
    const js = bundle.outputFiles[0]!.text;
    expect(js).not.toMatch(/\bfetch\s*\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon|importScripts|\bimport\s*\(/);
    // The only URL in the bundle is the SVG namespace name, which loads nothing.
    expect(new Set(js.match(/https?:\/\/[^\s'"`)]*/g) ?? [])).toEqual(new Set(['http://www.w3.org/2000/svg']));
  });
});
