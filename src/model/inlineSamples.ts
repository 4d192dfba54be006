/**
 * The sample limit, applied while the text is scanned: counts the rows of inline `data.inputs` and
 * `data.test.inputs` with a streaming scan (no syntax tree is built) and stops at the first row past the
 * limit. A model file of millions of inline rows is refused before its tree, its rows and its numbers
 * are built in memory (which took gigabytes), with the place where the limit was crossed.
 */
import * as l10n from '@vscode/l10n';
import { visit } from 'jsonc-parser';
import { LineIndex } from './text';
import type { ModelDiagnostic } from './types';

class LimitReached {
  constructor(readonly offset: number) {}
}

/** Inline data rows are arrays at these paths: `data.inputs[i]`, `data.test.inputs[i]`. */
function isRow(path: readonly (string | number)[]): boolean {
  return (path.length === 3 && path[0] === 'data' && path[1] === 'inputs' && typeof path[2] === 'number')
    || (path.length === 4 && path[0] === 'data' && path[1] === 'test' && path[2] === 'inputs' && typeof path[3] === 'number');
}

/** A `model-too-large` diagnostic at the first inline row past `maxSamples`, or undefined when within it. */
export function inlineSampleLimit(text: string, maxSamples: number): ModelDiagnostic | undefined {
  let rows = 0;
  try {
    visit(text, {
      onArrayBegin: (offset, _length, _line, _character, pathSupplier) => {
        const path = pathSupplier();
        if (path.length > 4) return false; // nothing deeper holds rows
        if (isRow(path) && ++rows > maxSamples) throw new LimitReached(offset);
        return undefined;
      },
      onObjectBegin: (_offset, _length, _line, _character, pathSupplier) => (pathSupplier().length > 2 ? false : undefined),
    }, { allowTrailingComma: true, disallowComments: false });
  } catch (stop) {
    if (!(stop instanceof LimitReached)) throw stop;
    return {
      code: 'model-too-large', severity: 'error', range: new LineIndex(text).range(stop.offset, 1),
      message: l10n.t('The data has more than {0} samples (this is row {1}); GradLens analyses at most {0} (setting gradlens.limits.maxSamples).', maxSamples.toLocaleString('en'), (maxSamples + 1).toLocaleString('en')),
    };
  }
  return undefined;
}
