/**
 * One export for the command-line tool (`gradlens export`) and the worker (Export Model… in VS Code):
 * a session, trained for the file's `train` settings when the trained weights are asked for, written
 * as a PyTorch script or an ONNX model. Both callers use these two functions, so the editor writes
 * byte for byte what the command line writes for the same model file.
 */
import type { ModelSession } from './modelSession';
import { exportNetwork } from './exportNetwork';
import { pytorchModelText } from '../model/export/pytorchModel';
import type { ExportFormat } from '../shared/modelExport';

export interface ExportTraining {
  /** Awaited between chunks of steps, so that a cancel or the host's watchdog messages get through. */
  readonly yieldToEventLoop?: () => Promise<void>;
  /** Checked between steps; when true the training stops (and there are no trained weights). */
  readonly shouldStop?: () => boolean;
}

/**
 * Trains the session for its file's epochs (`--trained`). Returns the epochs trained, or why there
 * are no trained weights (a NaN or Infinity appeared, or the training was stopped).
 */
export async function trainForExport(session: ModelSession, options: ExportTraining = {}): Promise<{ epochs: number } | { problem: string }> {
  const epochs = session.model.train.epochs;
  const result = await session.train({ epochs, history: 'none', ...options });
  if (result.stopped === 'done') return { epochs };
  if (result.stopped === 'paused') return { problem: 'the training was stopped, so there are no trained weights to export' };
  return { problem: `training did not finish, so there are no trained weights to export: ${result.message ?? result.stopped}` };
}

/**
 * The exported file of the session's current parameters. `sourceName` is the model file's name, as
 * the Python file's header names it; `trainedEpochs` says in that header how the parameters came about.
 * @throws Error naming the part of the model the format cannot express (a custom activation in ONNX).
 */
export async function exportedFile(
  session: ModelSession, format: ExportFormat, options: { readonly sourceName: string; readonly trainedEpochs: number },
): Promise<{ bytes: Uint8Array; layers: number }> {
  const network = exportNetwork(session.anyNetwork);
  if (format === 'pytorch') {
    const text = pytorchModelText(session.model, network, { sourceName: options.sourceName, trainedEpochs: options.trainedEpochs });
    return { bytes: new TextEncoder().encode(text), layers: network.layers.length };
  }
  // The ONNX writer (protobufjs and ONNX's schema) is loaded only when an ONNX file is asked for.
  const { onnxModelBytes } = await import('../model/export/onnxModel');
  return { bytes: onnxModelBytes(session.model, network, { producerVersion: 'gradlens' }), layers: network.layers.length };
}
