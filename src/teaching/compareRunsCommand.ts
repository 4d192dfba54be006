/**
 * `gradlens.compareRuns` (GradLens: Compare Runs…): asks what to vary (optimizer, learning rate, a
 * layer's activation, initialisation, loss, batch size, a frozen layer) and the value, then has the
 * worker train the model and that variant from the same seed (a cancellable notification, like the
 * other trainings). The comparison goes to the panel's Compare runs card and, when the handout is
 * exported, into the handout. The person's file is never changed: the variant is built by the worker
 * on the parsed model.
 */
import * as vscode from 'vscode';
import type { Analysis, LayerAnalysis } from '../analysis/types';
import { snapshotOf } from '../session/modelDocuments';
import { cancelSignalOf } from '../session/workerTeaching';
import { isProblem } from '../worker/workerProtocol';
import { ACTIVATION_KINDS, LOSS_KINDS } from '../shared/kinds';
import {
  MAX_VARIANT_BATCH, MAX_VARIANT_LEARNING_RATE, VARIANT_INITS, VARIANT_OPTIMIZERS, parseRunVariant, type RunComparison, type RunVariant, type VariantKind,
} from '../shared/runComparison';
import { analysedDocument, type TeachingCommandDeps } from './teachingCommands';
import type { Teacher } from './commandTargets';

export interface CompareRunsDeps extends Omit<TeachingCommandDeps, 'teacher'> {
  readonly teacher: Pick<Teacher, 'compareRuns'>;
  /** Told of every finished comparison (the panel draws it; the handout prints the last one). */
  readonly onComparison?: (uri: string, comparison: RunComparison) => void;
}

interface KindItem extends vscode.QuickPickItem { readonly kind_: VariantKind }

function kindItems(): KindItem[] {
  return [
    { kind_: 'optimizer', label: vscode.l10n.t('optimizer'), description: VARIANT_OPTIMIZERS.join(', ') },
    { kind_: 'learningRate', label: vscode.l10n.t('learning rate'), description: vscode.l10n.t('a number, e.g. 1.0') },
    { kind_: 'activation', label: vscode.l10n.t('activation of a layer'), description: ACTIVATION_KINDS.join(', ') },
    { kind_: 'init', label: vscode.l10n.t('initialisation'), description: VARIANT_INITS.join(', ') },
    { kind_: 'loss', label: vscode.l10n.t('loss'), description: LOSS_KINDS.join(', ') },
    { kind_: 'batchSize', label: vscode.l10n.t('batch size'), description: vscode.l10n.t('a whole number, e.g. 4') },
    { kind_: 'freeze', label: vscode.l10n.t('freeze a layer'), description: vscode.l10n.t('its weights and bias stay as they start') },
  ];
}

async function pickOne(items: readonly string[], placeHolder: string): Promise<string | undefined> {
  return (await vscode.window.showQuickPick(items.map((label) => ({ label })), { placeHolder, ignoreFocusOut: true }))?.label;
}

/**
 * The layers a layer variant applies to, as the worker checks them (src/worker/teaching/layeredVariant.ts):
 * on a layered model, an activation goes on a layer whose type applies one (dense, conv2d, batchnorm,
 * activation) and a freeze on a layer with parameters (dense, conv2d, batchnorm); every dense layer takes both.
 */
export function variantLayers(analysis: Analysis, kind: 'activation' | 'freeze'): readonly LayerAnalysis[] {
  return analysis.layers.filter((l) => !l.layered || (kind === 'activation' ? l.layered.hasActivation : l.layered.params.length > 0));
}

function layerDescription(l: LayerAnalysis): string {
  if (!l.layered) return vscode.l10n.t('{0} units, {1}', l.units, l.activation);
  const shape = l.layered.outputShape.join('×');
  return l.layered.hasActivation ? vscode.l10n.t('{0}, output {1}, {2}', l.layered.type, shape, l.activation) : vscode.l10n.t('{0}, output {1}', l.layered.type, shape);
}

async function pickLayer(analysis: Analysis, kind: 'activation' | 'freeze', placeHolder: string): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(
    variantLayers(analysis, kind).map((l) => ({ label: l.name, description: layerDescription(l) })), { placeHolder, ignoreFocusOut: true });
  return picked?.label;
}

/** A number typed by the person, checked as the variant will be (the worker checks it again). */
async function askNumber(prompt: string, value: string, check: (n: number) => string | undefined): Promise<number | undefined> {
  const typed = await vscode.window.showInputBox({
    prompt, value, ignoreFocusOut: true,
    validateInput: (text) => {
      const n = Number(text.trim());
      return text.trim() === '' || !Number.isFinite(n) ? vscode.l10n.t('Type a number.') : check(n);
    },
  });
  return typed === undefined ? undefined : Number(typed.trim());
}

/** Asks what to vary and its value; undefined when the person stepped out. */
export async function askVariant(analysis: Analysis): Promise<RunVariant | undefined> {
  const kind = await vscode.window.showQuickPick(kindItems(), { placeHolder: vscode.l10n.t('Compare the model with a variant: what should differ?'), ignoreFocusOut: true });
  if (!kind) return undefined;
  switch (kind.kind_) {
    case 'optimizer': {
      const optimizer = await pickOne(VARIANT_OPTIMIZERS, vscode.l10n.t('The variant trains with this optimizer'));
      return optimizer === undefined ? undefined : parseRunVariant({ kind: 'optimizer', optimizer });
    }
    case 'learningRate': {
      const learningRate = await askNumber(vscode.l10n.t('The variant\'s learning rate'), '1.0',
        (n) => (n > 0 && n <= MAX_VARIANT_LEARNING_RATE ? undefined : vscode.l10n.t('A learning rate above 0 and at most {0}.', MAX_VARIANT_LEARNING_RATE)));
      return learningRate === undefined ? undefined : parseRunVariant({ kind: 'learningRate', learningRate });
    }
    case 'activation': {
      const layer = await pickLayer(analysis, 'activation', vscode.l10n.t('Which layer\'s activation differs?'));
      const activation = layer === undefined ? undefined : await pickOne(ACTIVATION_KINDS, vscode.l10n.t('The activation of "{0}" in the variant', layer));
      return activation === undefined ? undefined : parseRunVariant({ kind: 'activation', layer, activation });
    }
    case 'init': {
      const init = await pickOne(VARIANT_INITS, vscode.l10n.t('The variant initialises every layer whose weights the file does not write with'));
      return init === undefined ? undefined : parseRunVariant({ kind: 'init', init });
    }
    case 'loss': {
      const loss = await pickOne(LOSS_KINDS, vscode.l10n.t('The variant trains on this loss'));
      return loss === undefined ? undefined : parseRunVariant({ kind: 'loss', loss });
    }
    case 'batchSize': {
      const batchSize = await askNumber(vscode.l10n.t('The variant\'s batch size (the training set has {0} samples)', analysis.samples), String(Math.max(1, Math.floor(analysis.samples / 2))),
        (n) => (Number.isInteger(n) && n >= 1 && n <= MAX_VARIANT_BATCH ? undefined : vscode.l10n.t('A whole number of samples, at least 1.')));
      return batchSize === undefined ? undefined : parseRunVariant({ kind: 'batchSize', batchSize });
    }
    case 'freeze': {
      const layer = await pickLayer(analysis, 'freeze', vscode.l10n.t('Which layer does the variant freeze?'));
      return layer === undefined ? undefined : parseRunVariant({ kind: 'freeze', layer });
    }
  }
}

/**
 * Registers Compare Runs. The command takes an optional document (uri) and variant, so tests and the
 * panel's button can run it; without a variant it asks.
 */
export function registerCompareRuns(deps: CompareRunsDeps): vscode.Disposable {
  return vscode.commands.registerCommand('gradlens.compareRuns', async (arg?: unknown, variantArg?: unknown) => {
    const found = await analysedDocument(deps, arg);
    if (!found) return undefined;
    const { document, analysis } = found;
    const variant = variantArg !== undefined ? parseRunVariant(variantArg) : await askVariant(analysis);
    if (!variant) {
      if (variantArg !== undefined) void vscode.window.showWarningMessage(vscode.l10n.t('GradLens: that is not a comparison GradLens knows.'));
      return undefined;
    }
    const answer = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('GradLens: training the model and its variant from the same seed'), cancellable: true },
      (_progress, token) => deps.teacher.compareRuns(snapshotOf(document), variant, cancelSignalOf(token)).catch((error: Error) => ({ problem: error.message })),
    );
    if (isProblem(answer)) {
      void vscode.window.showWarningMessage(vscode.l10n.t('GradLens: {0}', answer.problem));
      return undefined;
    }
    if (answer.cancelled) return undefined;
    deps.onComparison?.(document.uri.toString(), answer);
    await vscode.commands.executeCommand('gradlens.openPanel');
    return answer;
  });
}
