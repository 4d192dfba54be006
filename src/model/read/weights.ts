/**
 * A dense layer's explicit `weights` (units × fan-in: row r holds the incoming weights of unit r, as in
 * PyTorch's nn.Linear) and `bias` (one number for every unit, or one per unit), with the range of every number.
 */
import * as l10n from '@vscode/l10n';
import type { Node } from 'jsonc-parser';
import * as C from '../codes';
import { rowsHint } from '../data';
import { count, describe, items, readNumber, type Reporter } from '../report';
import type { SourceRange } from '../types';

export interface ReadWeights {
  readonly values: number[][];
  readonly ranges: SourceRange[][];
}

export interface ReadBias {
  readonly value: number | number[];
  readonly ranges?: SourceRange[];
}

/**
 * Reads `weights` of the layer `label`; `fanInWhy` says where the fan-in comes from. Undefined when it
 * has errors (reported), or when the layer's units or fan-in are unknown.
 */
export function readWeights(
  r: Reporter, node: Node, label: string, units: number | undefined, fanIn: number | undefined, fanInWhy: string,
): ReadWeights | undefined {
  if (node.type !== 'array') {
    r.error(node, C.WRONG_TYPE,
      l10n.t('weights must be an array of rows, one row of incoming weights per unit, e.g. {0}, not {1}', '[[0.1, 0.2], [0.3, 0.4]]', describe(node)));
    return undefined;
  }
  const rowNodes = items(node);
  if (rowNodes.length > 0 && rowNodes.every((n) => n.type === 'number')) {
    const hint = rowsHint(rowNodes.map((n) => Number(n.value)), fanIn);
    r.error(node, C.WRONG_TYPE,
      hint
        ? l10n.t('the weights of {0} must be rows, one row of incoming weights per unit, not a flat list of numbers: write {1}', label, hint)
        : l10n.t('the weights of {0} must be rows, one row of incoming weights per unit, not a flat list of numbers', label),
      hint === undefined ? undefined : { text: hint, title: l10n.t('Write one row per unit') });
    return undefined;
  }
  const read = readWeightRows(r, rowNodes, label);
  if (!read) return undefined;
  const ok = checkWeightShape(r, node, rowNodes, read.values, label, units, fanIn, fanInWhy);
  return ok && units !== undefined && fanIn !== undefined ? read : undefined;
}

/** Every row's numbers, each with its range; undefined when a row or a number is wrong (reported). */
function readWeightRows(r: Reporter, rowNodes: readonly Node[], label: string): ReadWeights | undefined {
  let ok = true;
  const values: number[][] = [];
  const ranges: SourceRange[][] = [];
  const cellWhat = l10n.t('a weight'); // made once, not per number
  rowNodes.forEach((rowNode, i) => {
    if (rowNode.type !== 'array') {
      r.error(rowNode, C.WRONG_TYPE,
        l10n.t('row {0} of the weights of {1} must be an array of numbers (the incoming weights of unit {0}), not {2}', i + 1, label, describe(rowNode)));
      ok = false;
      return;
    }
    const row: number[] = [];
    const rowRanges: SourceRange[] = [];
    for (const cell of items(rowNode)) {
      const v = readNumber(r, cell, cellWhat);
      if (v === undefined) ok = false;
      else {
        row.push(v);
        rowRanges.push(r.range(cell));
      }
    }
    values.push(row);
    ranges.push(rowRanges);
  });
  return ok ? { values, ranges } : undefined;
}

/** Units × fan-in, with a hint when the matrix looks transposed; false when the shape is wrong (reported). */
function checkWeightShape(
  r: Reporter, node: Node, rowNodes: readonly Node[], values: readonly number[][], label: string,
  units: number | undefined, fanIn: number | undefined, fanInWhy: string,
): boolean {
  let ok = true;
  const rows = values.length;
  const transposed = units !== undefined && fanIn !== undefined && units !== fanIn && rows === fanIn
    && rows > 0 && values.every((row) => row.length === units);
  if (transposed) {
    r.error(node, C.SHAPE_MISMATCH,
      l10n.t("the weights of {0} are {1}×{2} but must be {2}×{3} (units × fan-in): they look transposed. Row r holds the incoming weights of unit r, as in PyTorch's nn.Linear", label, rows, units, fanIn));
    return false;
  }
  if (units !== undefined && rows !== units) {
    r.error(node, C.SHAPE_MISMATCH,
      l10n.t('the weights of {0} have {1} but the layer has {2}: row r holds the incoming weights of unit r', label, count.row(rows), count.unit(units)));
    ok = false;
  }
  if (fanIn !== undefined) {
    values.forEach((row, i) => {
      if (row.length !== fanIn) {
        r.error(rowNodes[i]!, C.SHAPE_MISMATCH,
          l10n.t('row {0} of the weights of {1} has {2}, expected {3}: one weight per incoming value ({4})', i + 1, label, count.number(row.length), fanIn, fanInWhy));
        ok = false;
      }
    });
  }
  return ok;
}

/** Reads `bias` of the layer `label`: a number, or one number per unit. Undefined when it has errors (reported). */
export function readBias(r: Reporter, node: Node, label: string, units: number | undefined): ReadBias | undefined {
  if (node.type === 'number') {
    const v = readNumber(r, node, 'bias');
    return v === undefined ? undefined : { value: v };
  }
  if (node.type !== 'array') {
    r.error(node, C.WRONG_TYPE, l10n.t('bias must be a number (used for every unit) or an array with one number per unit, not {0}', describe(node)));
    return undefined;
  }
  let ok = true;
  const values: number[] = [];
  const ranges: SourceRange[] = [];
  const cellWhat = l10n.t('a bias'); // made once, not per number
  for (const cell of items(node)) {
    const v = readNumber(r, cell, cellWhat);
    if (v === undefined) ok = false;
    else {
      values.push(v);
      ranges.push(r.range(cell));
    }
  }
  const n = items(node).length;
  if (units !== undefined && n !== units) {
    r.error(node, C.SHAPE_MISMATCH,
      l10n.t('the bias of {0} has {1} but the layer has {2}: one bias per unit, or a single number for all', label, count.number(n), count.unit(units)));
    ok = false;
  }
  return ok ? { value: values, ranges } : undefined;
}
