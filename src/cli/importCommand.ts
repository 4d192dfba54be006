/**
 * `gradlens import MODEL.onnx --data DATA.csv [--target COLUMN] [--loss KIND] [-o OUT.nn.json]`:
 * an ONNX network (PyTorch's `torch.onnx.export`, Keras through tf2onnx) becomes a model file.
 * Everything is read and checked before anything is written: an unsupported node, a damaged file, a
 * data file that does not fit, or a model file the reader would reject is an error (exit 2) and no file
 * appears. Without `-o` the file goes beside the ONNX file and never replaces one that exists.
 * The ONNX reader (protobufjs) is loaded only here, when an import runs.
 */
import * as fs from 'node:fs';
import * as l10n from '@vscode/l10n';
import * as path from 'node:path';
import type { CliCommand } from './args';
import { EXIT_INVALID, EXIT_OK, type CliIo } from './common';
import { diagnosticLines, fileProblem, safe } from './diagnosticOutput';
import type { L10nBundle } from '../shared/l10nBundle';

type ImportCommand = Extract<CliCommand, { kind: 'import' }>;

/** The most CSV bytes an import reads (the model reader's cap). */
const MAX_CSV_BYTES = 64 * 1024 * 1024;

/** What is at a path, links not followed: nothing, a regular file, or something else (a folder, a link). */
function pathKind(file: string): 'absent' | 'file' | 'other' {
  try {
    return fs.lstatSync(file).isFile() ? 'file' : 'other';
  } catch {
    return 'absent';
  }
}

function fail(io: CliIo, file: string, message: string, code = 'import-error'): number {
  io.err(diagnosticLines(file, [fileProblem(code, message)]));
  return EXIT_INVALID;
}

/** A regular file's bytes within the cap, or why not (folders, FIFOs and devices are refused unopened). */
function readRegularFile(file: string, maxBytes: number): Uint8Array | { error: string } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? l10n.t('no such file') : code === 'EACCES' ? l10n.t('permission denied') : String((error as Error).message) };
  }
  if (stat.isDirectory()) return { error: l10n.t('it is a folder, not a file') };
  if (!stat.isFile()) return { error: l10n.t('it is not a regular file') };
  if (stat.size > maxBytes) return { error: l10n.t('it has {0} bytes; at most {1} are read (--max-bytes)', stat.size.toLocaleString('en-US'), maxBytes.toLocaleString('en-US')) };
  return fs.readFileSync(file);
}

/**
 * The weights file beside the model file: never through a link or over something that is not a
 * regular file, over an existing file only with -o (`replace`); written to a temporary file, then renamed.
 */
function writeWeightsFile(io: CliIo, file: string, bytes: Uint8Array, replace: boolean): number {
  const kind = pathKind(file);
  if (kind === 'other') return fail(io, file, l10n.t('cannot write the weights file: something that is not a regular file (a folder, or a symbolic link) is in the way'));
  if (kind === 'file' && !replace) return fail(io, file, l10n.t('the weights file already exists; give -o to replace it (and the model file) or to write another'));
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, bytes, { flag: 'wx' });
    fs.renameSync(temporary, file);
    return EXIT_OK;
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    return fail(io, file, l10n.t('cannot write the weights file: {0}', String((error as Error).message)));
  }
}

/**
 * Loads the editor's translation (VS Code's bundle for the display language, validated by the host)
 * into this bundle's own copy of @vscode/l10n: Import ONNX Model… runs this file as dist/onnxImport.js,
 * which does not share the extension's @vscode/l10n, so the ONNX reader's messages would otherwise stay
 * English. The command-line tool never calls it: it answers in English.
 */
export function useL10nBundle(bundle: L10nBundle | undefined): void {
  if (bundle) l10n.config({ contents: bundle as Record<string, string> });
}

export async function importModel(command: ImportCommand, io: CliIo): Promise<number> {
  const onnxFile = path.resolve(command.file);
  const onnx = readRegularFile(onnxFile, command.maxBytes);
  if ('error' in onnx) return fail(io, command.file, l10n.t('cannot read the ONNX file: {0}', onnx.error), 'unreadable');
  const dataFile = path.resolve(command.data);
  const csv = readRegularFile(dataFile, MAX_CSV_BYTES);
  if ('error' in csv) return fail(io, command.data, l10n.t('cannot read the data file: {0}', csv.error), 'unreadable');

  const defaultOut = path.join(path.dirname(onnxFile), `${path.basename(onnxFile).replace(/\.onnx$/i, '')}.nn.json`);
  const outFile = path.resolve(command.output ?? defaultOut);
  if (!/\.nn\.json$/i.test(outFile)) return fail(io, command.output ?? defaultOut, l10n.t('the model file must end in .nn.json (that is how GradLens recognises it)'));
  const outDir = path.dirname(outFile);
  const outKind = pathKind(outFile);
  if (outKind === 'other') return fail(io, outFile, l10n.t('cannot write the model file: something that is not a regular file (a folder, or a symbolic link) is in the way'));
  if (outKind === 'file' && command.output === undefined) {
    return fail(io, outFile, l10n.t('the model file already exists; give -o to replace it or to write another'));
  }
  const weightsFile = outFile.replace(/\.nn\.json$/i, '.safetensors');
  let csvPath: string;
  try {
    csvPath = path.relative(fs.realpathSync(outDir), fs.realpathSync(dataFile));
  } catch {
    return fail(io, outFile, l10n.t('the output folder {0} does not exist', outDir));
  }
  if (csvPath === '' || csvPath.startsWith('..') || path.isAbsolute(csvPath)) {
    return fail(io, command.data, l10n.t('the data file must be in the model file\'s folder ({0}) or below it: model files read their CSV files only there. Move the data, or write the model beside it with -o', outDir));
  }
  csvPath = csvPath.split(path.sep).join('/');

  const [{ importOnnx }, { OnnxError }, { createExternalDataReader }, { parseModelText }, { createNodeDataFileReader }, { diagnosticList }] = await Promise.all([
    import('../model/onnx/importModel'), import('../model/onnx/onnxProto'), import('../model/onnx/nodeExternalData'), import('../model/parse'),
    import('../model/nodeDataFiles'), import('../analysis/diagnosticList'),
  ]);
  let result;
  try {
    result = importOnnx({
      onnx, external: createExternalDataReader(onnxFile), csvText: new TextDecoder().decode(csv), csvPath,
      ...(command.target !== undefined ? { target: command.target } : {}), ...(command.loss !== undefined ? { loss: command.loss } : {}),
      name: path.basename(onnxFile).replace(/\.onnx$/i, ''),
      weightsFile: path.basename(weightsFile), ...(command.weights !== undefined ? { weights: command.weights } : {}),
    });
  } catch (error) {
    if (error instanceof OnnxError) return fail(io, command.file, error.message, 'onnx-unsupported');
    throw error;
  }
  // The file must read back without errors, exactly as `gradlens report` would read it (version 1 and 1.1).
  const onDisk = createNodeDataFileReader(outFile);
  const { weightsBytes } = result;
  const dataFiles = weightsBytes ? { ...onDisk, readBytes: (p: string) => (p === path.basename(weightsFile) ? { bytes: weightsBytes } : onDisk.readBytes!(p)) } : onDisk;
  const parsed = parseModelText(result.text, { fileName: outFile, dataFiles });
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !parsed.model) {
    io.err(`gradlens: ${l10n.t('the imported model file would not read back; nothing was written:')}\n`);
    io.err(diagnosticLines(outFile, diagnosticList({ diagnostics: errors })));
    return EXIT_INVALID;
  }
  if (weightsBytes) {
    const written = writeWeightsFile(io, weightsFile, weightsBytes, command.output !== undefined);
    if (written !== EXIT_OK) return written;
  }
  try {
    fs.writeFileSync(outFile, result.text, { flag: command.output === undefined ? 'wx' : 'w' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (weightsBytes) fs.rmSync(weightsFile, { force: true });
    return fail(io, outFile, code === 'EEXIST' ? l10n.t('the model file already exists; give -o to replace it or to write another') : l10n.t('cannot write the model file: {0}', String((error as Error).message)));
  }
  const n = result.network;
  const from = safe(command.file);
  const layers = n.layers.length === 1 ? l10n.t('1 layer from {0}', from) : l10n.t('{0} layers from {1}', n.layers.length, from);
  const opset = String(n.opset ?? '?');
  const weights = n.weightTypes.length === 0 ? l10n.t('no weights') : l10n.t('{0} weights', n.weightTypes.join(l10n.t(' and ')));
  const source = n.producer ? l10n.t('{0}, opset {1}, {2}', safe(n.producer), opset, weights) : l10n.t('opset {0}, {1}', opset, weights);
  const summary = result.layerFormat
    ? l10n.t('{0} ({1}), loss {2}, model file format 1.1 (layer types)', layers, source, result.loss)
    : l10n.t('{0} ({1}), loss {2}', layers, source, result.loss);
  io.out(`${safe(path.relative(process.cwd(), outFile) || outFile)}: ${summary}\n`);
  for (const note of result.notes) io.out(`  ${l10n.t('note: {0}', safe(note))}\n`);
  return EXIT_OK;
}
