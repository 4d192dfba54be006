/**
 * An instructor's rubric (docs/spec/rubric-v1.md, schema schemas/rubric.schema.json): JSON with
 * comments listing tasks with points. Read and validated here; every problem is a message with the
 * rubric's line and column, never an exception.
 */
import { parseTree, printParseErrorCode, findNodeAtLocation, getNodeValue, type Node, type ParseError } from 'jsonc-parser';
import { LineIndex } from '../../model/text';

export type TaskKind = 'gradient-check' | 'answers' | 'train' | 'valid';
export const TASK_KINDS: readonly TaskKind[] = ['gradient-check', 'answers', 'train', 'valid'];
export type TrainMetric = 'accuracy' | 'testAccuracy' | 'loss' | 'testLoss';
export const TRAIN_METRICS: readonly TrainMetric[] = ['accuracy', 'testAccuracy', 'loss', 'testLoss'];

interface TaskBase {
  readonly id: string;
  readonly title?: string;
  readonly points: number;
}

export type RubricTask =
  | (TaskBase & { readonly kind: 'gradient-check'; readonly layer?: string })
  | (TaskBase & {
    readonly kind: 'answers';
    /** The student's answers file inside the submission folder. */
    readonly file: string;
    /** Answer names (rubric-v1.md: `loss`, `grad(P)`, `updated(P)`). */
    readonly answers: readonly string[];
    readonly relativeTolerance: number;
    readonly absoluteTolerance: number;
  })
  | (TaskBase & { readonly kind: 'train'; readonly metric: TrainMetric; readonly threshold: number; readonly steps: number })
  | (TaskBase & { readonly kind: 'valid'; readonly codes?: readonly string[]; readonly noWarnings: boolean });

export interface Rubric {
  readonly version: 1;
  readonly title: string;
  /** The model file inside each submission folder; default: the folder's only `*.nn.json`. */
  readonly model?: string;
  readonly tasks: readonly RubricTask[];
}

export const MAX_TRAIN_STEPS = 10_000_000;

/** Reads a rubric's text; returns the rubric or every problem as `LINE:COL: message`. */
export function parseRubric(text: string): { rubric: Rubric } | { problems: string[] } {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = new LineIndex(source);
  const problems: string[] = [];
  const at = (node: Node | undefined, message: string) => {
    const p = lines.position(node?.offset ?? 0);
    problems.push(`${p.line + 1}:${p.character + 1}: ${message}`);
  };
  const errors: ParseError[] = [];
  const root = parseTree(source, errors, { allowTrailingComma: true, disallowComments: false });
  for (const e of errors) {
    const p = lines.position(e.offset);
    problems.push(`${p.line + 1}:${p.character + 1}: ${printParseErrorCode(e.error)}`);
  }
  if (!root || root.type !== 'object') {
    if (problems.length === 0) at(root, 'a rubric is a JSON object');
    return { problems };
  }
  if (problems.length > 0) return { problems };
  const version = findNodeAtLocation(root, ['version']);
  if (!version || getNodeValue(version) !== 1) at(version ?? root, '"version" must be 1');
  const title = findNodeAtLocation(root, ['title']);
  if (title && title.type !== 'string') at(title, '"title" must be a string');
  const model = findNodeAtLocation(root, ['model']);
  if (model && (model.type !== 'string' || /(^|[\\/])\.\.([\\/]|$)/.test(model.value) || /^([\\/]|[a-zA-Z]:)/.test(model.value))) {
    at(model, '"model" must be a file name inside the submission folder');
  }
  const tasksNode = findNodeAtLocation(root, ['tasks']);
  const tasks: RubricTask[] = [];
  if (!tasksNode || tasksNode.type !== 'array' || (tasksNode.children ?? []).length === 0) {
    at(tasksNode ?? root, '"tasks" must be a non-empty array');
  } else {
    const ids = new Set<string>();
    for (const node of tasksNode.children ?? []) {
      const task = readTask(node, at);
      if (!task) continue;
      if (ids.has(task.id)) at(node, `two tasks have the id '${task.id}'`);
      ids.add(task.id);
      tasks.push(task);
    }
  }
  for (const property of root.children ?? []) {
    const key = property.children?.[0]?.value;
    if (!['$schema', 'version', 'title', 'model', 'tasks'].includes(key)) at(property, `unknown key '${key}'`);
  }
  if (problems.length > 0) return { problems };
  return { rubric: { version: 1, title: title?.value ?? 'Rubric', ...(model ? { model: model.value as string } : {}), tasks } };
}

const TASK_KEYS: Record<TaskKind, readonly string[]> = {
  'gradient-check': ['layer'],
  answers: ['file', 'answers', 'relativeTolerance', 'absoluteTolerance'],
  train: ['metric', 'threshold', 'steps'],
  valid: ['codes', 'noWarnings'],
};

function readTask(node: Node, at: (node: Node | undefined, message: string) => void): RubricTask | undefined {
  if (node.type !== 'object') {
    at(node, 'a task is an object');
    return undefined;
  }
  const value = getNodeValue(node) as Record<string, unknown>;
  const field = (key: string) => findNodeAtLocation(node, [key]);
  let ok = true;
  const fail = (key: string | undefined, message: string) => { ok = false; at(key ? field(key) ?? node : node, message); };
  if (typeof value.id !== 'string' || !/^[\w.-]{1,64}$/.test(value.id)) fail('id', '"id" must be a name of letters, digits, _ . - (at most 64)');
  if (!TASK_KINDS.includes(value.kind as TaskKind)) {
    fail('kind', `"kind" must be one of ${TASK_KINDS.join(', ')}`);
    return undefined;
  }
  const kind = value.kind as TaskKind;
  if (typeof value.points !== 'number' || !Number.isFinite(value.points) || value.points < 0 || value.points > 1000) fail('points', '"points" must be a number from 0 to 1000');
  if (value.title !== undefined && typeof value.title !== 'string') fail('title', '"title" must be a string');
  for (const key of Object.keys(value)) {
    if (!['id', 'kind', 'points', 'title', ...TASK_KEYS[kind]].includes(key)) fail(undefined, `unknown key '${key}' in a ${kind} task`);
  }
  const base = { id: String(value.id), points: Number(value.points), ...(typeof value.title === 'string' ? { title: value.title } : {}) };
  switch (kind) {
    case 'gradient-check':
      if (value.layer !== undefined && typeof value.layer !== 'string') fail('layer', '"layer" must be a layer name');
      return ok ? { ...base, kind, ...(typeof value.layer === 'string' ? { layer: value.layer } : {}) } : undefined;
    case 'answers': {
      if (typeof value.file !== 'string' || value.file === '' || /(^|[\\/])\.\.([\\/]|$)/.test(value.file) || /^([\\/]|[a-zA-Z]:)/.test(value.file)) fail('file', '"file" must be a file name inside the submission folder');
      const answers = value.answers;
      if (!Array.isArray(answers) || answers.length === 0 || !answers.every((a) => typeof a === 'string' && parseAnswerName(a) !== undefined)) {
        fail('answers', '"answers" must be a non-empty list of answer names: loss, grad(layer.weights[r,c]), grad(layer.bias[u]), updated(layer.weights[r,c]), updated(layer.bias[u])');
      }
      const rel = value.relativeTolerance ?? 1e-3;
      const abs = value.absoluteTolerance ?? 1e-6;
      if (typeof rel !== 'number' || !(rel >= 0)) fail('relativeTolerance', '"relativeTolerance" must be a number ≥ 0');
      if (typeof abs !== 'number' || !(abs >= 0)) fail('absoluteTolerance', '"absoluteTolerance" must be a number ≥ 0');
      return ok ? { ...base, kind, file: value.file as string, answers: answers as string[], relativeTolerance: rel as number, absoluteTolerance: abs as number } : undefined;
    }
    case 'train':
      if (!TRAIN_METRICS.includes(value.metric as TrainMetric)) fail('metric', `"metric" must be one of ${TRAIN_METRICS.join(', ')}`);
      if (typeof value.threshold !== 'number' || !Number.isFinite(value.threshold)) fail('threshold', '"threshold" must be a number');
      if (typeof value.steps !== 'number' || !Number.isInteger(value.steps) || value.steps < 1 || value.steps > MAX_TRAIN_STEPS) fail('steps', `"steps" must be a whole number from 1 to ${MAX_TRAIN_STEPS}`);
      return ok ? { ...base, kind, metric: value.metric as TrainMetric, threshold: value.threshold as number, steps: value.steps as number } : undefined;
    case 'valid':
      if (value.codes !== undefined && !(Array.isArray(value.codes) && value.codes.every((c) => typeof c === 'string'))) fail('codes', '"codes" must be a list of diagnostic codes');
      if (value.noWarnings !== undefined && typeof value.noWarnings !== 'boolean') fail('noWarnings', '"noWarnings" must be true or false');
      return ok ? { ...base, kind, ...(Array.isArray(value.codes) ? { codes: value.codes as string[] } : {}), noWarnings: value.noWarnings === true } : undefined;
  }
}

/** A parameter named as `layer.weights[r,c]` or `layer.bias[u]` (0-based, as the report JSON's `index`). */
export interface ParameterName {
  readonly layer: string;
  readonly param: 'weights' | 'bias';
  readonly index: readonly number[];
}

export type AnswerName =
  | { readonly quantity: 'loss' }
  | { readonly quantity: 'grad' | 'updated'; readonly parameter: ParameterName };

/** `loss`, `grad(output.weights[0,1])`, `updated(hidden.bias[1])`; undefined when it is none of these. */
export function parseAnswerName(name: string): AnswerName | undefined {
  const text = name.trim();
  if (text === 'loss') return { quantity: 'loss' };
  const m = /^(grad|updated)\((.+)\.(weights|bias)\[\s*(\d+)\s*(?:,\s*(\d+)\s*)?\]\)$/.exec(text);
  if (!m) return undefined;
  const [, quantity, layer, param, first, second] = m;
  if (param === 'weights' && second === undefined) return undefined;
  if (param === 'bias' && second !== undefined) return undefined;
  return { quantity: quantity as 'grad' | 'updated', parameter: { layer, param: param as 'weights' | 'bias', index: second === undefined ? [Number(first)] : [Number(first), Number(second)] } };
}
