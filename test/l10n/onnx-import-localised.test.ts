/**
 * The ONNX importer's messages (src/model/onnx/, shown by GradLens: Import ONNX Model…) go through
 * `l10n.t` of @vscode/l10n: with the pseudo-localised bundle (every letter accented) loaded, an
 * unsupported node and a truncated file come out pseudo-localised with the node's name, its op type and
 * the decoder's reason in place; without a bundle (the command-line tool never loads one) the English
 * text is exactly what it was. Import ONNX Model… runs the importer as a bundle of its own
 * (dist/onnxImport.js), whose @vscode/l10n the host loads through `useL10nBundle`. A bare English
 * literal left where the importer builds a message fails.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { useL10nBundle } from '../../src/cli/importCommand';
import { importOnnx, type ImportRequest } from '../../src/model/onnx/importModel';
import { ROOT } from '../helpers/manifest';
import { bareLiterals, loadBundle, pseudo, pseudoBundle, tsFiles } from '../helpers/pseudoL10n';
import { FIXTURES } from '../onnx/helpers';
import { onnxModel } from '../onnx/onnxBuilder';

afterEach(() => loadBundle(undefined));

/** `template` pseudo-localised, its {0}, {1}… filled in with `args` as l10n.t does. */
function pseudoT(template: string, ...args: Array<string | number>): string {
  return pseudo(template).replace(/\{(\d+)\}/g, (_, n: string) => String(args[Number(n)]));
}

/** The message of the error importing `onnx` throws (the same text the CLI prints and the editor shows). */
function importError(onnx: Uint8Array): string {
  const request: ImportRequest = { onnx, csvText: 'a,b,y\n0.5,1,0\n-1,2,1\n', csvPath: 'data.csv', name: 'net', weightsFile: 'net.safetensors' };
  try {
    importOnnx(request);
  } catch (error) {
    expect((error as Error).name).toBe('OnnxError');
    return (error as Error).message;
  }
  throw new Error('the import did not fail');
}

const lstm = () => onnxModel({
  input: [2],
  nodes: [{ op: 'LSTM', name: 'rnn', inputs: ['input', 'W', 'R'], outputs: ['h'], attrs: [{ name: 'hidden_size', i: 2 }] }],
  initializers: [{ name: 'W', dims: [1, 8, 2], values: new Array(16).fill(0) }, { name: 'R', dims: [1, 8, 2], values: new Array(16).fill(0) }],
});
const truncated = () => {
  const real = readFileSync(path.join(FIXTURES, 'dense-relu-mse-opset13-f32.onnx'));
  return real.subarray(0, Math.floor(real.length / 2));
};

const SUPPORTED_ENGLISH = "GradLens imports Gemm, MatMul, Add (as MatMul's bias), Conv, MaxPool, AveragePool, Flatten, Reshape, Relu, LeakyRelu, Sigmoid, "
  + 'Tanh, Softmax, LogSoftmax (last), BatchNormalization, Dropout, Identity, Pad (before Conv or AveragePool), '
  + 'and folds constant shape arithmetic (Constant, Identity, Gather, Unsqueeze, Squeeze, Concat, Cast, Slice, Transpose, Shape)';

describe("with the pseudo-localised bundle loaded, the ONNX importer's errors come out in it", () => {
  it('without a bundle (as in the command-line tool) an LSTM node is refused in the English of before, word for word', () => {
    expect(importError(lstm())).toBe(`node 'rnn' (LSTM) is not supported. ${SUPPORTED_ENGLISH}.`);
  });

  it("an LSTM node is refused in the loaded language, the node's name and op type in place and the op names unchanged", () => {
    loadBundle(pseudoBundle);
    const supported = pseudoT('GradLens imports {0}, and folds constant shape arithmetic ({1}, Shape)',
      ['Gemm', 'MatMul', pseudo("Add (as MatMul's bias)"), 'Conv', 'MaxPool', 'AveragePool', 'Flatten', 'Reshape', 'Relu', 'LeakyRelu', 'Sigmoid',
        'Tanh', 'Softmax', pseudo('LogSoftmax (last)'), 'BatchNormalization', 'Dropout', 'Identity', pseudo('Pad (before Conv or AveragePool)')].join(', '),
      'Constant, Identity, Gather, Unsqueeze, Squeeze, Concat, Cast, Slice, Transpose');
    const message = importError(lstm());
    expect(message).toBe(pseudoT('{0} is not supported. {1}.', pseudoT("node '{0}' ({1})", 'rnn', 'LSTM'), supported));
    expect(message).toContain("'rnn' (LSTM)");
  });

  it("a truncated file is refused in the loaded language, with the decoder's own reason in place", () => {
    const english = importError(truncated());
    const reason = /^the ONNX file is damaged or truncated: its protocol buffer cannot be decoded \((.+)\)$/.exec(english)?.[1];
    expect(reason).toBeDefined();
    loadBundle(pseudoBundle);
    expect(importError(truncated())).toBe(pseudoT('the ONNX file is damaged or truncated: its protocol buffer cannot be decoded ({0})', reason!));
  });

  it("Import ONNX Model…'s own bundle of the importer takes the editor's translation through useL10nBundle, and English without one", () => {
    useL10nBundle(undefined);
    expect(importError(new Uint8Array(0))).toBe('the file is empty, not an ONNX model');
    useL10nBundle(pseudoBundle);
    expect(importError(new Uint8Array(0))).toBe(pseudo('the file is empty, not an ONNX model'));
  });
});

// ------------------------------------------------------------------------------------------------------
// No message of the importer is a bare literal: a literal with words that reaches, unchanged (through
// parentheses, `a ? b : c`, `||`, `??` and `+`), an OnnxError, a note (`notes.push`), an `error:`
// property (the external-data reader's answer), a returned value, or the `what` argument that names a
// part of the model in a message (constant, optional, toInt, readTensor, pairOf, axisOf,
// resolveFileInFolder) is English that no bundle translates.

const ONNX_FILES = [...tsFiles(path.join(ROOT, 'src', 'model', 'onnx')), ...tsFiles(path.join(ROOT, 'src', 'model', 'onnx', 'ops'))];
const NAMING_CALLS = /(^|\.)(constant|optional|toInt|readTensor|pairOf|axisOf|resolveFileInFolder)$/;

/** The outermost expression a literal's text reaches unchanged. */
function carrier(node: ts.Node): ts.Node {
  let n = node;
  for (let p = n.parent; p; p = n.parent) {
    const passes = ts.isParenthesizedExpression(p) || (ts.isConditionalExpression(p) && p.condition !== n)
      || (ts.isBinaryExpression(p) && ['||', '??', '+'].includes(p.operatorToken.getText()));
    if (!passes) break;
    n = p;
  }
  return n;
}

/** Whether a literal ends up, unchanged, in a message of the importer (see above). */
function isImporterMessage(node: ts.Node): boolean {
  const n = carrier(node);
  const p = n.parent;
  if (!p) return false;
  if (ts.isNewExpression(p)) return p.expression.getText() === 'OnnxError';
  if (ts.isCallExpression(p)) {
    const callee = p.expression.getText();
    return /(^|\.)notes\.push$|^notes\.push$/.test(callee) || (NAMING_CALLS.test(callee) && p.arguments.indexOf(n as ts.Expression) >= 1);
  }
  if (ts.isPropertyAssignment(p)) return p.name.getText() === 'error';
  return ts.isReturnStatement(p);
}

describe('no message of the ONNX importer is a bare English literal', () => {
  it('the check finds one: an error, a note, an external-data answer, a part named for a message and a returned text, next to ones made by l10n.t', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gradlens-l10n-onnx-'));
    try {
      const file = path.join(dir, 'sample.ts');
      writeFileSync(file, [
        'throw new OnnxError(`${label} is not supported`);',
        "throw new OnnxError(l10n.t('{0} is not supported', label));",
        "throw new OnnxError(name ? l10n.t('{0} has no {1}', label, what) : `${label} has no output`);",
        "notes.push(`loss mse: the target column '${target}' holds numbers`);",
        "return { error: 'the file ended early' };",
        "const w = op.constant(1, 'weight matrix'), s = toInt(d, l10n.t('the opset')), u = toInt(v, d.dim_param || 'unknown');",
        "function label() { return 'the graph'; }",
        "if (node.op_type === 'LogSoftmax') walk.endsIn = 'LogSoftmax';",
      ].join('\n'));
      expect(bareLiterals([file], isImporterMessage).map((b) => b.replace(/^.*sample\.ts:/, ''))).toEqual([
        '1: `${label} is not supported`',
        '3: `${label} has no output`',
        "4: `loss mse: the target column '${target}' holds numbers`",
        "5: 'the file ended early'",
        "6: 'weight matrix'",
        "6: 'unknown'",
        "7: 'the graph'",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the importer's errors, notes and named parts (src/model/onnx/, src/model/onnx/ops/) are made by l10n.t", () => {
    expect(ONNX_FILES.length).toBeGreaterThan(15);
    expect(bareLiterals(ONNX_FILES, isImporterMessage)).toEqual([]);
  });
});
