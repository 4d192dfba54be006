import { afterEach, describe, expect, it, vi } from 'vitest';
import { modelDiagnostics } from '../../src/diagnostics/modelDiagnostics';
import { ModelSession } from '../../src/analysis/modelSession';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { explainGradient } from '../../src/worker/teaching/chainRule';
import { analyse, exampleFile, exampleText, session } from './helpers';

/** The offset of a 0-based line and character in `text`. */
function offsetAt(text: string, line: number, character: number): number {
  let offset = 0;
  for (let l = 0; l < line; l++) offset = text.indexOf('\n', offset) + 1;
  return offset + character;
}

function modelWith(activation: object, loss = 'squared'): string {
  return JSON.stringify({
    name: 'custom', seed: 3, inputs: 2,
    layers: [{ name: 'hidden', units: 3, activation }, { name: 'output', units: 1, activation: 'sigmoid' }],
    loss,
    data: { inputs: [[0.5, -1.0], [1.5, 0.3], [-0.7, 0.8], [0.2, 0.1]], targets: [[1], [0], [1], [0]] },
  }, null, 2);
}

describe('a wrong hand-written df is caught on its own line, and the quick fix makes the check pass', () => {
  it.each([
    ['the softsign example (square forgotten)', exampleText('custom-derivative.nn.json'), '"1 / (1 + abs(x))"'],
    ['tanh with 1 − tanh(x)', modelWith({ name: 'mytanh', f: 'tanh(x)', df: '1 - tanh(x)' }), '"1 - tanh(x)"'],
    ['sin with −cos(x)', modelWith({ name: 'wave', f: 'sin(x)', df: '-cos(x)' }), '"-cos(x)"'],
    ['a cubic with the power rule misapplied', modelWith({ name: 'cubic', f: 'x^3 / 3 + x', df: 'x^2 / 3 + 1' }), '"x^2 / 3 + 1"'],
  ])('holds for %s', (_, text, dfLiteral) => {
    const file = exampleFile('custom.nn.json');
    const before = analyse(session(text, file));
    const failed = before.warnings.filter((w) => w.code === 'gradcheck-failed');
    expect(failed).toHaveLength(1);
    const [warning] = failed;
    expect(warning.layer).toBe('hidden');
    // The warning and its diagnostic sit on the df string literal itself.
    expect(text.slice(warning.range.startOffset, warning.range.endOffset)).toBe(dfLiteral);
    const { diagnostic, fix } = modelDiagnostics({ analysis: before, diagnostics: [] }).find((d) => d.diagnostic.code === 'gradcheck-failed')!;
    const start = offsetAt(text, diagnostic.range.start.line, diagnostic.range.start.character);
    const end = offsetAt(text, diagnostic.range.end.line, diagnostic.range.end.character);
    expect(text.slice(start, end)).toBe(dfLiteral);
    expect(fix).toBeDefined();
    // Apply the quick fix as the editor would, then read and analyse the file again.
    const fixStart = offsetAt(text, fix!.range.start.line, fix!.range.start.character);
    const fixEnd = offsetAt(text, fix!.range.end.line, fix!.range.end.character);
    const fixed = text.slice(0, fixStart) + fix!.newText + text.slice(fixEnd);
    const after = analyse(session(fixed, file));
    expect(after.gradcheck.status).toBe('pass');
    expect(after.warnings.filter((w) => w.code === 'gradcheck-failed')).toEqual([]);
    expect(after.layers[0].custom?.df).toBe(JSON.parse(fix!.newText));
  });

  it('explains the gradient with the df as written, wrong or right, and the engine agrees both times', () => {
    const file = exampleFile('custom.nn.json');
    const wrong = analyse(session(modelWith({ name: 'mytanh', f: 'tanh(x)', df: '1 - tanh(x)' }), file));
    const right = analyse(session(modelWith({ name: 'mytanh', f: 'tanh(x)', df: '1 - tanh(x)^2' }), file));
    const target = { layerIndex: 0, param: 'weights' as const, index: [1, 0] };
    const w = explainGradient(wrong, target), r = explainGradient(right, target);
    expect(w.agrees && r.agrees).toBe(true);
    const row = w.rows[0];
    expect(row.dOutdNet).toBe(1 - Math.tanh(row.net));
    expect(r.rows[0].dOutdNet).toBe(1 - Math.tanh(r.rows[0].net) ** 2);
    expect(w.mean).not.toBe(r.mean);
  });
});

describe('hostile expressions in f or df give diagnostics, never execution or a crash', () => {
  afterEach(() => vi.restoreAllMocks());

  const NESTED = `${'('.repeat(5000)}x${')'.repeat(5000)}`;
  const REJECTED: [string, string][] = [
    ['constructor', 'constructor'],
    ['process.exit()', 'process'],
    ['1e999', '1e999'],
    ['deeply nested parentheses', '('],
    ['__proto__', '__proto__'],
    ['this.constructor.constructor("return process")()', 'this'],
    ['require("fs")', 'require'],
  ];
  const text = (name: string) => (name === 'deeply nested parentheses' ? NESTED : name);

  for (const which of ['f', 'df'] as const) {
    it.each(REJECTED)(`${which} = %s is refused where it is written`, (name, marked) => {
      const exit = vi.spyOn(process, 'exit').mockImplementation((() => { throw new Error('process.exit was called'); }) as never);
      const activation = which === 'f' ? { name: 'h', f: text(name), df: '1' } : { name: 'h', f: 'x', df: text(name) };
      const model = modelWith(activation);
      const opened = ModelSession.open(model, 'custom.nn.json', DEFAULT_ANALYSIS_SETTINGS);
      expect(opened.session).toBeUndefined();
      const errors = opened.diagnostics.filter((d) => d.severity === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0].code).toBe('invalid-expression');
      expect(errors[0].message).toMatch(new RegExp(`^"${which}": `));
      expect(model.slice(errors[0].range.startOffset, errors[0].range.endOffset)).toBe(marked);
      expect(exit).not.toHaveBeenCalled();
    });
  }

  it.each(['f', 'df'] as const)('%s = 2^99999 is valid syntax, and the analysis reports the Infinity it makes', (which) => {
    const activation = which === 'f' ? { name: 'h', f: '2^99999 * x', df: '2^99999' } : { name: 'h', f: 'x', df: '2^99999' };
    const opened = ModelSession.open(modelWith(activation), 'custom.nn.json', DEFAULT_ANALYSIS_SETTINGS);
    expect(opened.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const analysis = opened.session!.analyse().analysis!;
    const nonFinite = analysis.warnings.find((w) => w.code === 'non-finite');
    expect(nonFinite?.severity).toBe('error');
    expect(nonFinite?.message).toMatch(/Infinity/);
  });

  it('never evaluates anything: the global object is untouched after every hostile model', () => {
    const keys = new Set(Object.keys(globalThis));
    for (const [name] of REJECTED) {
      ModelSession.open(modelWith({ name: 'h', f: text(name), df: text(name) }), 'custom.nn.json', DEFAULT_ANALYSIS_SETTINGS);
    }
    expect(Object.keys(globalThis).filter((k) => !keys.has(k))).toEqual([]);
  });
});
