/**
 * Parameter tensors written as nested arrays (model file 1.1): dense weights [units][fanIn], conv
 * weights [F][C][kh][kw] (PyTorch's `Conv2d.weight`), per-feature vectors [F]. A tensor of the wrong
 * nesting is reported at the first array that does not fit, with the whole expected shape and what
 * each axis means, so the fix is obvious.
 */
import type { Node } from 'jsonc-parser';
import * as C from '../codes';
import { describe, items, plural, readNumber, type Reporter } from '../report';
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
 * `axes` says what each axis counts ("filters × channels × kernel height × kernel width").
 */
export function readTensor(
  r: Reporter, node: Node, shape: readonly number[], what: string, axes: string, key: string,
): TensorRead | undefined {
  const values: number[] = [];
  const ranges: SourceRange[] = [];
  const expected = `${what} must be nested as ${shapeText(shape)} (${axes})`;
  let ok = true;
  const walk = (n: Node, depth: number, path: string): void => {
    if (!ok) return;
    if (depth === shape.length) {
      const v = readNumber(r, n, `${what.replace(/^the /, 'a number of the ')}`);
      if (v === undefined) ok = false;
      else {
        values.push(v);
        ranges.push(r.range(n));
      }
      return;
    }
    if (n.type !== 'array') {
      r.error(n, C.SHAPE_MISMATCH, `${expected}: ${path} is ${describe(n)} where an array of ${shape[depth]} is expected`);
      ok = false;
      return;
    }
    const children = items(n);
    if (children.length !== shape[depth]) {
      const counted = depth === shape.length - 1 ? 'number' : 'array';
      r.error(n, C.SHAPE_MISMATCH,
        `${expected}: ${path} has ${plural(children.length, 'entry', 'entries')} where ${plural(shape[depth]!, counted)} ${shape[depth] === 1 ? 'is' : 'are'} expected`);
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
 * Returns the number or the array.
 */
export function readVectorOrNumber(
  r: Reporter, node: Node, length: number, what: string, axes: string, key: string,
): { value: number | number[]; ranges?: SourceRange[] } | undefined {
  if (node.type === 'number') {
    const v = readNumber(r, node, what);
    return v === undefined ? undefined : { value: v };
  }
  if (node.type !== 'array') {
    r.error(node, C.WRONG_TYPE, `${what} must be a number (used for every ${axes}) or an array with one number per ${axes} (${length}), not ${describe(node)}`);
    return undefined;
  }
  const read = readTensor(r, node, [length], what, `one number per ${axes}`, key);
  return read ? { value: read.values, ranges: read.ranges } : undefined;
}
