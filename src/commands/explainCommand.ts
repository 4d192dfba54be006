/**
 * Explain Gradient…: the chain-rule derivation of one weight's or bias's gradient with the real
 * numbers, as a read-only Markdown page (`gradlens-explain:`) in the Markdown preview beside the
 * editor. Arguments `{uri, layerIndex, param, index}` come from lenses, inlay hints, the explorer and
 * the panel; whatever is missing is asked for with quick picks (layer → parameter → entry; for a
 * max-pool layer of a layered model, layer → window `[channel, row, column]`: the layer has no parameters).
 * The page follows the model: it is made again after every new analysis and every depth change.
 */
import * as vscode from 'vscode';
import type { Analysis, LayerAnalysis } from '../analysis/types';
import type { DepthLevel } from '../shared/protocol';
import { snapshotOf } from '../session/modelDocuments';
import type { GradientTarget, ParamKind } from '../worker/teaching/chainRule';
import type { ExplainTarget, PoolWindowTarget } from '../worker/teaching/layeredExplanation';
import { explanationMarkdown } from '../teaching/chainRuleMarkdown';
import { layeredExplanationMarkdown } from '../teaching/layeredExplanationMarkdown';
import {
  currentAnalysis, noAnalysisMessage, targetDocument, type Teacher, type TeachingAnalyses, type TeachingDocuments,
} from '../teaching/commandTargets';
import { isProblem } from '../worker/workerProtocol';
import { MarkdownPages } from '../teaching/markdownPages';
import { entryLabel, short } from '../teaching/text';
import { classicShapeOf, isClassicShape, parameterName, unitName } from '../shared/names';
import { readSettings } from '../settings';
import { uriArgument } from './trainingCommands';
import type { LectureListener } from '../teaching/lectureTimeline';

export interface ExplainDeps {
  readonly analyses: TeachingAnalyses;
  readonly documents: TeachingDocuments;
  readonly depth: { readonly current: DepthLevel; readonly onDidChange: vscode.Event<DepthLevel> };
  /** The worker's teaching requests: the derivation is computed there, on the analysed parameters. */
  readonly teacher: Pick<Teacher, 'explainGradient'>;
  /** Told of every parameter explained (the lecture recorder). */
  readonly lecture?: LectureListener;
}

export const EXPLAIN_SCHEME = 'gradlens-explain';

/** What an explanation page is about; kept in its uri, so a restored preview can be made again. */
export type ExplainPageQuery = ExplainTarget & {
  /** The model file's uri. */
  readonly uri: string;
};

function safeName(text: string): string {
  return text.replace(/[^\w.-]+/g, '_').slice(0, 60) || 'layer';
}

/** The page's uri: readable path (shown as the preview's title), the request as JSON in the query. */
export function explainPageUri(query: ExplainPageQuery, layerName: string): vscode.Uri {
  const model = query.uri.split('/').pop()?.replace(/\.nn\.json$/i, '') ?? 'model';
  const symbol = query.param === 'bias' ? 'b' : query.param === 'window' ? 'x' : 'w';
  const path = `/${safeName(decodeURIComponent(model))}/∂L∂${symbol} ${safeName(layerName)}${entryLabel(query.index)}.md`;
  return vscode.Uri.from({ scheme: EXPLAIN_SCHEME, path, query: JSON.stringify(query) });
}

function isIndex(value: unknown, length: number): value is number[] {
  return Array.isArray(value) && value.length === length && value.every((v) => Number.isInteger(v) && v >= 0);
}

/** The request in a page uri, checked; undefined when it is not one of ours. */
export function parseExplainPageUri(uri: vscode.Uri): ExplainPageQuery | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(uri.query);
  } catch {
    try { raw = JSON.parse(decodeURIComponent(uri.query)); } catch { return undefined; }
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const q = raw as Record<string, unknown>;
  if (typeof q.uri !== 'string' || !Number.isInteger(q.layerIndex) || (q.layerIndex as number) < 0) return undefined;
  // A conv weight [f, c, u, v]; a batch-norm scale [g] (both layered models only; the worker checks the layer).
  if (q.param === 'weights' && (isIndex(q.index, 4) || isIndex(q.index, 1))) return { uri: q.uri, layerIndex: q.layerIndex as number, param: 'weights', index: q.index };
  if (q.param === 'weights' && isIndex(q.index, 2)) return { uri: q.uri, layerIndex: q.layerIndex as number, param: 'weights', index: q.index };
  if (q.param === 'bias' && isIndex(q.index, 1)) return { uri: q.uri, layerIndex: q.layerIndex as number, param: 'bias', index: q.index };
  // A max-pool window [channel, row, column].
  if (q.param === 'window' && isIndex(q.index, 3)) return { uri: q.uri, layerIndex: q.layerIndex as number, param: 'window', index: q.index };
  return undefined;
}

/** Makes the page of one request from the document's current analysis (the derivation is a worker request). Never throws. */
export async function explainPageText(deps: ExplainDeps, query: ExplainPageQuery): Promise<string> {
  const document = deps.documents.document(query.uri);
  const found = document ? await currentAnalysis(deps.analyses, document) : { state: deps.analyses.get(query.uri), analysis: deps.analyses.get(query.uri)?.outcome?.analysis };
  if (!found.analysis) return `# Explain Gradient\n\n${noAnalysisMessage(found.state)}\n`;
  // The worker explains the text the analysis was made of: the document as it is, at that version.
  if (!document || found.state?.version !== document.version) {
    return '# Explain Gradient\n\nThe model file changed, or is not open. Wait for the analysis to finish, and run Explain Gradient again.\n';
  }
  try {
    const answer = await deps.teacher.explainGradient(snapshotOf(document), { layerIndex: query.layerIndex, param: query.param, index: query.index });
    if (isProblem(answer)) return `# Explain Gradient\n\n${answer.problem} Pick another one with **GradLens: Explain Gradient…**.\n`;
    // The layered and max-pool pages' formulas as KaTeX blocks too (the same Markdown-it plugin).
    if ('layered' in answer) return layeredExplanationMarkdown(answer.layered, deps.depth.current, 'katex');
    // The page's formulas as KaTeX blocks: GradLens's Markdown-it plugin renders them in the preview, in
    // either extension host (VS Code's Markdown extension runs in the same host as GradLens).
    return explanationMarkdown(answer.explanation, { depth: deps.depth.current, train: answer.train, math: 'katex', classicNames: readSettings().classicNames && isClassicShape(classicShapeOf(found.analysis)) });
  } catch (error) {
    return `# Explain Gradient\n\nGradLens could not explain this gradient: ${(error as Error).message}\n`;
  }
}

/**
 * What the command accepts: `{uri, layerIndex, param, index}` (lenses, hints, the panel), or a Gradient
 * Explorer unit node `{uri, layerIndex, param, unit}` (its context menu): the unit's bias, or one of
 * the unit's incoming weights (asked for when it has more than one input).
 */
interface ExplainArg {
  readonly layerIndex?: unknown;
  readonly param?: unknown;
  readonly index?: unknown;
  readonly unit?: unknown;
}

/** The entry a request names: its `index`, or an explorer node's `[unit]`. */
function requestedIndex(arg: ExplainArg | undefined): unknown[] {
  if (Array.isArray(arg?.index)) return arg.index as unknown[];
  return Number.isInteger(arg?.unit) && (arg?.unit as number) >= 0 ? [arg?.unit] : [];
}

function layerPickItems(analysis: Analysis, depth: DepthLevel) {
  return analysis.layers.map((l) => ({
    label: l.name,
    description: `${l.units === 1 ? vscode.l10n.t('1 {0} unit', l.activation) : vscode.l10n.t('{0} {1} units', l.units, l.activation)} · ${l.fanIn === 1 ? vscode.l10n.t('1 input each') : vscode.l10n.t('{0} inputs each', l.fanIn)}`,
    ...(depth >= 2 ? { detail: `‖∂L/∂W‖ ${short(l.weightStats.gradNorm)} · ‖∂L/∂b‖ ${short(l.biasStats.gradNorm)}` } : {}),
    layer: l,
  }));
}

function inputName(analysis: Analysis, layer: LayerAnalysis, input: number): string {
  return layer.index === 0 ? vscode.l10n.t('input x{0}', input + 1) : unitName(analysis.layers[layer.index - 1].name, input);
}

/** The layers of a layered model whose parameters (or, for a max-pool, windows) Explain Gradient explains. */
export function explainableLayered(layer: LayerAnalysis): boolean {
  return layer.layered?.type === 'conv2d' || layer.layered?.type === 'batchnorm' || layer.layered?.type === 'maxpool2d';
}

/** The windows of a max-pool layer as quick-pick items: channel, output row and column (from 1), with the value passed on. */
export function poolWindowItems(layer: LayerAnalysis): { label: string; description: string; index: number[] }[] {
  const [C, Ho, Wo] = layer.layered!.outputShape as [number, number, number];
  const first = layer.out[0];
  const items: { label: string; description: string; index: number[] }[] = [];
  for (let c = 0; c < C; c++) for (let i = 0; i < Ho; i++) for (let j = 0; j < Wo; j++) {
    const value = first?.[(c * Ho + i) * Wo + j];
    items.push({ label: `${layer.name} ${entryLabel([c, i, j])}`, description: value === undefined ? '' : vscode.l10n.t('max {0} (sample 1)', short(value)), index: [c, i, j] });
  }
  return items;
}

async function pickPoolWindow(layer: LayerAnalysis, given: unknown[]): Promise<PoolWindowTarget | undefined> {
  const items = poolWindowItems(layer);
  const wanted = given.every((g) => Number.isInteger(g)) ? items.find((i) => i.index.join() === given.join()) : undefined;
  if (wanted) return { layerIndex: layer.index, param: 'window', index: wanted.index };
  const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Explain Gradient: which window of "{0}" (channel, row, column)?', layer.name), matchOnDescription: true });
  return pick ? { layerIndex: layer.index, param: 'window', index: pick.index } : undefined;
}

/** The entries of a conv or batch-norm parameter as quick-pick items (index as the worker takes it: [f, c, u, v] or [g]). */
export function layeredEntryItems(layer: LayerAnalysis, param: ParamKind, depth: DepthLevel): { label: string; description: string; index: number[] }[] {
  const grads = depth >= 3;
  const items: { label: string; description: string; index: number[] }[] = [];
  const shape = layer.layered!.params.find((p) => p.name === param)!.shape;
  const name = layer.layered!.type === 'batchnorm' ? (param === 'weights' ? 'scale' : 'shift') : param;
  const symbol = layer.layered!.type === 'batchnorm' ? (param === 'weights' ? 'γ' : 'β') : param === 'weights' ? 'w' : 'b';
  if (shape.length === 4) {
    const [F, C, kh, kw] = shape;
    const value = layer.weights.value as number[][], grad = layer.weights.grad as number[][];
    for (let f = 0; f < F; f++) for (let c = 0; c < C; c++) for (let u = 0; u < kh; u++) for (let v = 0; v < kw; v++) {
      const q = c * kh * kw + u * kw + v;
      items.push({ label: parameterName(layer.name, name, [f, c, u, v]), description: `${symbol} = ${short(value[f][q])}${grads ? ` · ∂L/∂${symbol} = ${short(grad[f][q])}` : ''}`, index: [f, c, u, v] });
    }
    return items;
  }
  const rows = param === 'weights' ? (layer.weights.value as number[][]).map((r) => r[0]) : layer.bias.value as number[];
  const gradRows = param === 'weights' ? (layer.weights.grad as number[][]).map((r) => r[0]) : layer.bias.grad as number[];
  rows.forEach((v, g) => items.push({ label: parameterName(layer.name, name, [g]), description: `${symbol} = ${short(v)}${grads ? ` · ∂L/∂${symbol} = ${short(gradRows[g])}` : ''}`, index: [g] }));
  return items;
}

async function pickLayeredEntry(layer: LayerAnalysis, param: ParamKind, given: unknown[], depth: DepthLevel): Promise<GradientTarget | undefined> {
  const items = layeredEntryItems(layer, param, depth);
  const wanted = given.every((g) => Number.isInteger(g)) ? items.find((i) => i.index.join() === given.join()) : undefined;
  if (wanted) return { layerIndex: layer.index, param, index: wanted.index };
  const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Explain Gradient: which entry of "{0}"?', layer.name), matchOnDescription: true });
  return pick ? { layerIndex: layer.index, param, index: pick.index } : undefined;
}

/** Completes a partial request with quick picks; undefined when the person cancels. */
async function pickTarget(analysis: Analysis, arg: ExplainArg | undefined, depth: DepthLevel): Promise<ExplainTarget | undefined> {
  let layer = Number.isInteger(arg?.layerIndex) ? analysis.layers[arg?.layerIndex as number] : undefined;
  const layered = analysis.layers.some((l) => l.layered);
  if (!layer) {
    const choices = layerPickItems(analysis, depth).filter((i) => !layered || explainableLayered(i.layer));
    if (choices.length === 1) layer = choices[0].layer;
    else {
      const pick = await vscode.window.showQuickPick(choices, { title: vscode.l10n.t('Explain Gradient: which layer?') });
      if (!pick) return undefined;
      layer = pick.layer;
    }
  }
  if (layer.layered?.type === 'maxpool2d') return pickPoolWindow(layer, requestedIndex(arg));
  let param: ParamKind | undefined = arg?.param === 'weights' || arg?.param === 'bias' ? arg.param : undefined;
  if (!param) {
    const pick = await vscode.window.showQuickPick([
      { label: layer.layered?.type === 'batchnorm' ? 'scale γ' : 'weights', description: layer.layered ? layer.layered.params[0].shape.join('×') : `${layer.units} × ${layer.fanIn}`, param: 'weights' as const },
      { label: layer.layered?.type === 'batchnorm' ? 'shift β' : 'bias', description: layer.layered ? layer.layered.params[1].shape.join('×') : `${layer.units}`, param: 'bias' as const },
    ], { title: vscode.l10n.t('Explain Gradient: a weight or a bias of "{0}"?', layer.name) });
    if (!pick) return undefined;
    param = pick.param;
  }
  const given = requestedIndex(arg);
  if (layer.layered) return explainableLayered(layer) ? pickLayeredEntry(layer, param, given, depth) : undefined;
  const unit = Number.isInteger(given[0]) ? (given[0] as number) : undefined;
  // A unit with a single input has a single incoming weight: nothing to ask.
  const input = Number.isInteger(given[1]) ? (given[1] as number) : unit !== undefined && layer.fanIn === 1 ? 0 : undefined;
  if (param === 'bias' && unit !== undefined) return { layerIndex: layer.index, param, index: [unit] };
  if (param === 'weights' && unit !== undefined && input !== undefined) return { layerIndex: layer.index, param, index: [unit, input] };
  const grads = depth >= 3;
  const items: { label: string; description?: string; detail?: string; index: number[] }[] = [];
  if (param === 'bias') {
    const value = layer.bias.value as number[], grad = layer.bias.grad as number[];
    value.forEach((v, u) => items.push({ label: parameterName(layer.name, 'bias', [u]), description: `b = ${short(v)}${grads ? ` · ∂L/∂b = ${short(grad[u])}` : ''}`, index: [u] }));
  } else {
    const value = layer.weights.value as number[][], grad = layer.weights.grad as number[][];
    for (let u = 0; u < layer.units; u++) {
      if (unit !== undefined && u !== unit) continue;
      for (let i = 0; i < layer.fanIn; i++) {
        items.push({
          label: parameterName(layer.name, 'weights', [u, i]),
          description: `w = ${short(value[u][i])}${grads ? ` · ∂L/∂w = ${short(grad[u][i])}` : ''}`,
          detail: vscode.l10n.t('from {0} into {1}', inputName(analysis, layer, i), unitName(layer.name, u)),
          index: [u, i],
        });
      }
    }
  }
  const pick = await vscode.window.showQuickPick(items, { title: param === 'bias' ? vscode.l10n.t('Explain Gradient: which bias of "{0}"?', layer.name) : vscode.l10n.t('Explain Gradient: which weight of "{0}"?', layer.name), matchOnDescription: true, matchOnDetail: true });
  return pick ? { layerIndex: layer.index, param, index: pick.index } : undefined;
}

function inBounds(analysis: Analysis, t: ExplainTarget): boolean {
  const layer = analysis.layers[t.layerIndex];
  if (t.param === 'window') {
    const shape = layer?.layered?.type === 'maxpool2d' ? layer.layered.outputShape : undefined;
    return !!shape && t.index.length === 3 && t.index.every((i, k) => i < shape[k]);
  }
  if (layer?.layered) {
    const shape = layer.layered.params.find((p) => p.name === t.param)?.shape;
    return !!shape && shape.length === t.index.length && t.index.every((i, k) => i < shape[k]);
  }
  if (!layer || t.index[0] >= layer.units) return false;
  return t.param === 'bias' || t.index[1] < layer.fanIn;
}

/** Explain Gradient's registration; `refreshPages` makes every open page again (e.g. after the `gradlens.classicNames` setting changed). */
export interface ExplainRegistration extends vscode.Disposable {
  refreshPages(): void;
}

export function registerExplainCommand(deps: ExplainDeps): ExplainRegistration {
  const pages = new MarkdownPages(EXPLAIN_SCHEME, (uri) => {
    const query = parseExplainPageUri(uri);
    return query ? explainPageText(deps, query) : `# ${vscode.l10n.t('Explain Gradient')}\n\n${vscode.l10n.t('This page has expired: run **GradLens: Explain Gradient…** again.')}\n`;
  });
  const command = vscode.commands.registerCommand('gradlens.explainGradient', async (arg?: unknown) => {
    const document = targetDocument(deps.documents, arg);
    const uri = uriArgument(arg) ?? document?.uri.toString();
    if (!uri) {
      void vscode.window.showInformationMessage(vscode.l10n.t('GradLens: open a model file (*.nn.json) first.'));
      return;
    }
    const found = document ? await currentAnalysis(deps.analyses, document) : { state: deps.analyses.get(uri), analysis: deps.analyses.get(uri)?.outcome?.analysis };
    if (!found.analysis) {
      void vscode.window.showWarningMessage(noAnalysisMessage(found.state));
      return;
    }
    const target = await pickTarget(found.analysis, typeof arg === 'object' && arg !== null ? (arg as ExplainArg) : undefined, deps.depth.current);
    if (!target) return;
    if (!inBounds(found.analysis, target)) {
      void vscode.window.showWarningMessage(vscode.l10n.t('GradLens: layer {0} has no {1} {2}.', target.layerIndex + 1, target.param, entryLabel(target.index)));
      return;
    }
    await pages.show(explainPageUri({ uri, ...target }, found.analysis.layers[target.layerIndex].name), uri);
    deps.lecture?.record(uri, { kind: 'explain', layerIndex: target.layerIndex, param: target.param, index: [...target.index] });
  });
  const registration = vscode.Disposable.from(
    pages.register(),
    command,
    deps.analyses.onDidChange((uri) => pages.refresh(uri)),
    deps.depth.onDidChange(() => pages.refresh()),
    vscode.workspace.onDidCloseTextDocument((d: vscode.TextDocument) => { if (d.uri.scheme === EXPLAIN_SCHEME) pages.forget(d.uri); }),
    pages,
  );
  return { refreshPages: () => pages.refresh(), dispose: () => registration.dispose() };
}
