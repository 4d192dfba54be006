/**
 * `gradlens export --to pytorch|onnx MODEL.nn.json [-o OUT] [--trained]`: the model for other tools.
 * The model file is read as `gradlens report` reads it (CSV data beside it), the network is built by
 * the engine (so initialised weights are GradLens's seeded ones), optionally trained for the file's
 * epochs, and written out. Everything is checked before anything is written: a file that does not
 * read, a model that cannot be exported, or an output in the way is an error (exit 2), and no file
 * appears. Without `-o` the file goes beside the model file and never replaces one that exists.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ModelSession } from '../analysis/modelSession';
import { diagnosticList } from '../analysis/diagnosticList';
import { DEFAULT_ANALYSIS_SETTINGS } from '../analysis/settings';
import { exportedFile, trainForExport } from '../analysis/modelExport';
import { createNodeDataFileReader } from '../model/nodeDataFiles';
import type { CliCommand } from './args';
import { EXIT_INVALID, EXIT_OK, type CliIo } from './common';
import { diagnosticLines, fileProblem, safe } from './diagnosticOutput';
import { readModelFile } from './input';

type ExportCommand = Extract<CliCommand, { kind: 'export' }>;

const EXTENSION = { pytorch: '.py', onnx: '.onnx' } as const;

function fail(io: CliIo, file: string, message: string, code = 'export-error'): number {
  io.err(diagnosticLines(file, [fileProblem(code, message)]));
  return EXIT_INVALID;
}

/** Where the file goes, or why it cannot go there. */
function outputFile(command: ExportCommand): { file: string } | { error: string; file: string } {
  const modelFile = path.resolve(command.file);
  const base = path.basename(modelFile).replace(/\.nn\.json$/i, '').replace(/\.json$/i, '');
  const file = path.resolve(command.output ?? path.join(path.dirname(modelFile), `${base}${EXTENSION[command.to]}`));
  let kind: 'absent' | 'file' | 'other' = 'absent';
  try {
    kind = fs.lstatSync(file).isFile() ? 'file' : 'other';
  } catch {
    // absent
  }
  if (file === modelFile) return { file, error: 'the output would replace the model file itself' };
  if (kind === 'other') return { file, error: 'cannot write the file: something that is not a regular file (a folder, or a symbolic link) is in the way' };
  if (kind === 'file' && command.output === undefined) return { file, error: 'the file already exists; give -o to replace it or to write another' };
  if (!fs.existsSync(path.dirname(file))) return { file, error: `the output folder ${path.dirname(file)} does not exist` };
  return { file };
}

/** The session, trained when asked, or the exit code of the problem already printed. */
async function openSession(command: ExportCommand, io: CliIo): Promise<ModelSession | number> {
  const read = readModelFile(command.file, command.maxBytes);
  if ('error' in read) return fail(io, command.file, `cannot read the model file: ${read.error}`, 'unreadable');
  const absolute = path.resolve(command.file);
  const opened = ModelSession.open(read.text, absolute, DEFAULT_ANALYSIS_SETTINGS, createNodeDataFileReader(absolute));
  if (!opened.session) {
    io.err(diagnosticLines(command.file, diagnosticList({ diagnostics: opened.diagnostics })));
    return EXIT_INVALID;
  }
  if (command.trained) {
    const trained = await trainForExport(opened.session);
    if ('problem' in trained) return fail(io, command.file, trained.problem, 'non-finite');
  }
  return opened.session;
}

export async function exportModel(command: ExportCommand, io: CliIo): Promise<number> {
  const out = outputFile(command);
  if ('error' in out) return fail(io, out.file, out.error);
  const session = await openSession(command, io);
  if (typeof session === 'number') return session;
  const epochs = command.trained ? session.model.train.epochs : 0;
  let bytes: Uint8Array;
  let layers: number;
  try {
    ({ bytes, layers } = await exportedFile(session, command.to, { sourceName: path.basename(command.file), trainedEpochs: epochs }));
  } catch (error) {
    return fail(io, command.file, `cannot export this model: ${(error as Error).message}`, 'export-unsupported');
  }
  try {
    fs.writeFileSync(out.file, bytes, { flag: command.output === undefined ? 'wx' : 'w' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(io, out.file, code === 'EEXIST' ? 'the file already exists; give -o to replace it or to write another' : `cannot write the file: ${String((error as Error).message)}`);
  }
  io.out(`${safe(path.relative(process.cwd(), out.file) || out.file)}: ${safe(session.model.name)} as ${command.to === 'pytorch' ? 'a PyTorch script' : 'ONNX (opset 13)'}`
    + `, ${layers} layer${layers === 1 ? '' : 's'}, ${command.trained ? `trained for ${epochs} epochs` : 'current parameters'}\n`);
  return EXIT_OK;
}
