/**
 * Parameter tensors written as nested arrays (model file 1.1): dense weights [units][fanIn], conv
 * weights [F][C][kh][kw] (PyTorch's `Conv2d.weight`), per-feature vectors [F]. A tensor of the wrong
 * nesting is reported at the first array that does not fit, with the whole expected shape and what
 * each axis means, so the fix is obvious.
 */
import * as l10n from '@vscode/l10n';
import type { Node } from 'jsonc-parser';
import * as C from '../codes';
import { count, describe, items, readNumber, type Reporter } from '../report';
import type { SourceRange } from '../types';

/** `[6][1][3][3]` */
export function shapeText(shape: readonly number[]): string {
  return shape.map((n) => `[${n}]`).join('');
}

export interface TensorRead {
  /** The numbers in row-major order. */
  readonly values: number[];
  /** Where each number is written, in the same order. */
  readonly ranges: SourceRange[];
}

/**
 * Reads `node` as a tensor of exactly `shape`. `what` names it ("the weights of layer 'conv1'"),
 * `axes` says what each axis counts ("filters × channels × kernel height × kernel width"), `cellWhat`
 * one of its numbers ("a number of the weights of layer 'conv1'").
 */
export function readTensor(
  r: Reporter, node: Node, shape: readonly number[], what: string, axes: string, key: string, cellWhat = what,
): TensorRead | undefined {
  const values: number[] = [];
  const ranges: SourceRange[] = [];
  const expected = l10n.t('{0} must be nested as {1} ({2})', what, shapeText(shape), axes);
  let ok = true;
  const walk = (n: Node, depth: number, path: string): void => {
    if (!ok) return;
    if (depth === shape.length) {
      const v = readNumber(r, n, cellWhat);
      if (v === undefined) ok = false;
      else {
        values.push(v);
        ranges.push(r.range(n));
      }
      return;
    }
    if (n.type !== 'array') {
      r.error(n, C.SHAPE_MISMATCH, l10n.t('{0}: {1} is {2} where an array of {3} is expected', expected, path, describe(n), shape[depth]!));
      ok = false;
      return;
    }
    const children = items(n);
    if (children.length !== shape[depth]) {
      const wanted = depth === shape.length - 1 ? count.number(shape[depth]!) : count.array(shape[depth]!);
      r.error(n, C.SHAPE_MISMATCH, shape[depth] === 1
        ? l10n.t('{0}: {1} has {2} where {3} is expected', expected, path, count.entry(children.length), wanted)
        : l10n.t('{0}: {1} has {2} where {3} are expected', expected, path, count.entry(children.length), wanted));
      ok = false;
      return;
    }
    children.forEach((c, i) => walk(c, depth + 1, `${path}[${i}]`));
  };
  walk(node, 0, key);
  return ok ? { values, ranges } : undefined;
}

/**
 * A number (the same for every entry) or an array of `length` numbers: bias, batch norm's γ and β.
 * `axes` names what one entry is for ("unit", "filter"). Returns the number or the array.
 */
export function readVectorOrNumber(
  r: Reporter, node: Node, length: number, what: string, axes: string, key: string, cellWhat = what,
): { value: number | number[]; ranges?: SourceRange[] } | undefined {
  if (node.type === 'number') {
    const v = readNumber(r, node, what);
    return v === undefined ? undefined : { value: v };
  }
  if (node.type !== 'array') {
    r.error(node, C.WRONG_TYPE, l10n.t('{0} must be a number (used for every {1}) or an array with one number per {1} ({2}), not {3}', what, axes, length, describe(node)));
    return undefined;
  }
  const read = readTensor(r, node, [length], what, l10n.t('one number per {0}', axes), key, cellWhat);
  return read ? { value: read.values, ranges: read.ranges } : undefined;
}
