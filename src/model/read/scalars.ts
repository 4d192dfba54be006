/**
 * Readers of single values (numbers, names, sizes) shared by the section readers.
 */
import type { Node } from 'jsonc-parser';
import * as C from '../codes';
import { readInteger, type Reporter } from '../report';
import { MAX_UNITS } from './vocabulary';

/** An integer in 1..MAX_UNITS. */
export function readSize(r: Reporter, node: Node, what: string): number | undefined {
  const v = readInteger(r, node, what, 1);
  if (v !== undefined && v > MAX_UNITS) {
    r.error(node, C.INVALID_VALUE, `${what} is ${v}; at most ${MAX_UNITS.toLocaleString('en-US')} are supported`);
    return undefined;
  }
  return v;
}
