/**
 * The outline of a model file, for the Outline view and the breadcrumbs: every top-level key, the
 * layers one by one with their parameters (`weights`, `bias`) and own activation, the data's parts
 * and the training settings. Read from the syntax alone (jsonc-parser's tree), so a model with
 * mistakes still has an outline. Plain TypeScript, no `vscode`: offsets, not positions.
 */
import * as l10n from '@vscode/l10n';
import { parseTree, type Node } from 'jsonc-parser';

export type OutlineKind = 'layers' | 'layer' | 'parameter' | 'activation' | 'loss' | 'data' | 'train' | 'setting' | 'entry';

export interface OutlineSymbol {
  readonly name: string;
  readonly detail: string;
  readonly kind: OutlineKind;
  /** The whole entry, key to end of value: [start, end) offsets. */
  readonly range: readonly [number, number];
  /** What is selected when the symbol is picked: the key, or the layer's name. */
  readonly selection: readonly [number, number];
  readonly children: readonly OutlineSymbol[];
}

/** The outline of a model file's text; empty when the text has no top-level object. */
export function modelOutline(text: string): OutlineSymbol[] {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (root?.type !== 'object') return [];
  return properties(root).map(({ key, value, property }) => {
    switch (key.value) {
      case 'layers': return layersSymbol(property, key, value);
      case 'loss': return symbol(key.value, describe(value), 'loss', property, key);
      case 'data': return symbol('data', dataDetail(value), 'data', property, key, value?.type === 'object' ? entries(value, 'entry') : []);
      case 'train': return symbol('train', trainDetail(value), 'train', property, key, value?.type === 'object' ? entries(value, 'setting') : []);
      default: return symbol(String(key.value), describe(value), 'setting', property, key);
    }
  });
}

interface Entry { key: Node; value: Node | undefined; property: Node }

function properties(object: Node): Entry[] {
  return (object.children ?? [])
    .filter((p) => p.type === 'property' && p.children?.[0]?.type === 'string')
    .map((p) => ({ property: p, key: p.children![0], value: p.children![1] }));
}

function symbol(name: string, detail: string, kind: OutlineKind, whole: Node, selected: Node, children: OutlineSymbol[] = []): OutlineSymbol {
  return { name, detail, kind, range: span(whole), selection: span(selected), children };
}

function span(node: Node): [number, number] {
  return [node.offset, node.offset + node.length];
}

function layersSymbol(property: Node, key: Node, value: Node | undefined): OutlineSymbol {
  const layers = value?.type === 'array' ? value.children ?? [] : [];
  const children = layers.map((layer, index) => layerSymbol(layer, index));
  return symbol('layers', value?.type === 'array' ? counted.layer(layers.length) : describe(value), 'layers', property, key, children);
}

function layerSymbol(layer: Node, index: number): OutlineSymbol {
  const fields = layer.type === 'object' ? properties(layer) : [];
  const field = (name: string) => fields.find((f) => f.key.value === name);
  const nameValue = field('name')?.value;
  const name = nameValue?.type === 'string' && String(nameValue.value).trim() ? `${index + 1} ${nameValue.value}` : l10n.t('layer {0}', index + 1);
  const units = field('units')?.value;
  const activation = field('activation')?.value;
  const activationName = activation?.type === 'string' ? String(activation.value)
    : activation?.type === 'object' ? String(properties(activation).find((f) => f.key.value === 'name')?.value?.value ?? l10n.t('own activation')) : '';
  const detail = [units?.type === 'number' ? counted.unit(Number(units.value)) : '', activationName].filter(Boolean).join(' · ');
  const children: OutlineSymbol[] = [];
  for (const f of fields) {
    if (f.key.value === 'weights' || f.key.value === 'bias') children.push(symbol(String(f.key.value), shape(f.value), 'parameter', f.property, f.key));
    else if (f.key.value === 'activation' && f.value?.type === 'object') children.push(symbol(activationName, 'f, df', 'activation', f.property, f.key));
  }
  return symbol(name, detail, 'layer', layer, nameValue ?? layer, children);
}

function entries(object: Node, kind: OutlineKind): OutlineSymbol[] {
  return properties(object).map((f) => symbol(String(f.key.value), describe(f.value), kind, f.property, f.key));
}

function dataDetail(value: Node | undefined): string {
  if (value?.type !== 'object') return describe(value);
  const fields = properties(value);
  const csv = fields.find((f) => f.key.value === 'csv')?.value;
  if (csv?.type === 'string') return l10n.t('CSV {0}', String(csv.value));
  const inputs = fields.find((f) => f.key.value === 'inputs')?.value;
  return inputs?.type === 'array' ? counted.sample(inputs.children?.length ?? 0) : '';
}

function trainDetail(value: Node | undefined): string {
  if (value?.type !== 'object') return describe(value);
  const fields = properties(value);
  const get = (name: string) => fields.find((f) => f.key.value === name)?.value;
  const optimizer = get('optimizer');
  const rate = get('learningRate');
  const epochs = get('epochs');
  return [
    optimizer?.type === 'string' ? String(optimizer.value) : '',
    rate?.type === 'number' ? l10n.t('learning rate {0}', String(rate.value)) : '',
    epochs?.type === 'number' ? counted.epoch(Number(epochs.value)) : '',
  ].filter(Boolean).join(' · ');
}

/** A value in a few characters: a string or number as it is, an array by its shape. */
function describe(value: Node | undefined): string {
  if (!value) return '';
  if (value.type === 'array') return shape(value);
  if (value.type === 'object') return '';
  return String(value.value);
}

/** `2×2` for a matrix, `2` for a vector, the number itself for a scalar. */
function shape(value: Node | undefined): string {
  if (!value) return '';
  if (value.type !== 'array') return describe(value);
  const rows = value.children ?? [];
  const first = rows[0];
  return first?.type === 'array' ? `${rows.length}×${first.children?.length ?? 0}` : String(rows.length);
}

/** Counts in the details, each noun's singular and plural its own text (word forms differ between languages). */
const counted = {
  layer: (n: number) => (n === 1 ? l10n.t('{0} layer', n) : l10n.t('{0} layers', n)),
  unit: (n: number) => (n === 1 ? l10n.t('{0} unit', n) : l10n.t('{0} units', n)),
  sample: (n: number) => (n === 1 ? l10n.t('{0} sample', n) : l10n.t('{0} samples', n)),
  epoch: (n: number) => (n === 1 ? l10n.t('{0} epoch', n) : l10n.t('{0} epochs', n)),
};
