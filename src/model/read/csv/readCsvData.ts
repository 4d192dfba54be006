/**
 * CSV data (docs/spec/model-file-v1.md, section Data), read section by section: the keys, the file and
 * its header, the feature and target columns, the feature cells, the targets, the split into training
 * and test rows, and the normalisation fitted on the training rows. Rows are numbered as in an editor:
 * the header is row 1.
 */
import * as l10n from '@vscode/l10n';
import type { Node } from 'jsonc-parser';
import * as C from '../../codes';
import type { Prop, Reporter } from '../../report';
import type { ModelData } from '../../types';
import type { DataContext, DataResult } from '../dataResult';
import { columnName, resolveColumns } from './columns';
import { readFeatureCells } from './features';
import { readCsvTable } from './file';
import { readCsvKeys } from './keys';
import { fitNormalization, pickRows } from './normalization';
import { splitRows } from './split';
import { readTargets } from './targets';

/** Reads CSV data named by the `data` object `node`; undefined when it has errors (reported). */
export function readCsvData(r: Reporter, node: Node, props: Map<string, Prop>, ctx: DataContext): DataResult | undefined {
  const keys = readCsvKeys(r, node, props, ctx);
  if (!keys) return undefined;
  const { csvNode, file } = keys;
  const table = readCsvTable(r, csvNode, file, ctx);
  if (!table) return undefined;
  const csvAt = r.range(csvNode);
  const columns = resolveColumns(r, keys, table, ctx);
  if (!columns) return undefined;
  const { featureCols, targetCol } = columns;
  if (table.rows.length === 0) {
    r.error(csvNode, C.EMPTY_DATA, l10n.t("'{0}' has a header row but no data rows", file));
    return undefined;
  }
  const x = readFeatureCells(r, table, featureCols, file, csvAt);
  if (!x) return undefined;
  const header = table.header;
  const targetAt = keys.targetNode ? r.range(keys.targetNode) : csvAt;
  const targets = readTargets(r, table, targetCol, ctx.outputs, { file, csvAt, targetAt, targetName: columnName(header, targetCol) });
  if (!targets) return undefined;
  const K = ctx.outputs!;
  const nRows = table.rows.length;
  const nFeatures = featureCols.length;
  const { trainIdx, testIdx } = splitRows(r, nRows, keys.split, ctx.seed, keys.splitNode);
  const fitted = fitNormalization(keys.normalize, x, nFeatures, trainIdx);
  const { classLabels } = targets;
  const data: ModelData = {
    train: pickRows(x, targets.y, nFeatures, K, trainIdx, fitted),
    ...(testIdx.length > 0 ? { test: pickRows(x, targets.y, nFeatures, K, testIdx, fitted) } : {}),
    ...(classLabels ? { classLabels } : {}),
    featureNames: featureCols.map((c) => header[c] ?? String(c)),
    ...(fitted ? { normalization: fitted.spec } : {}),
    csv: { file, rows: nRows, targetName: header[targetCol] ?? String(targetCol) },
  };
  return { data, targetsAt: targetAt };
}
