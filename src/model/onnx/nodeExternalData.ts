/**
 * ONNX external data read with Node's file system: only regular files inside the ONNX file's folder
 * tree (the same rules as a model's CSV files), only the byte range a tensor needs, and only when the
 * file really holds it.
 */
import * as l10n from '@vscode/l10n';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveFileInFolder } from '../nodeDataFiles';
import type { ExternalDataReader } from './tensors';

/** The most external-data bytes one import reads, all tensors together. */
export const MAX_EXTERNAL_BYTES = 256 * 1024 * 1024;

export function createExternalDataReader(onnxFile: string, maxBytes = MAX_EXTERNAL_BYTES): ExternalDataReader {
  const folder = path.dirname(path.resolve(onnxFile));
  let total = 0;
  return {
    read(location, offset, length) {
      if (total + length > maxBytes) {
        return { error: l10n.t('the weights need {0} bytes of external data; at most {1} are read', (total + length).toLocaleString('en-US'), maxBytes.toLocaleString('en-US')) };
      }
      const found = resolveFileInFolder(folder, location, l10n.t('external data file'));
      if ('error' in found) return found;
      if (offset + length > found.size) {
        return { error: l10n.t('the file has {0} bytes, fewer than the {1} the tensor needs (offset {2} + length {3})', found.size.toLocaleString('en-US'), (offset + length).toLocaleString('en-US'), offset, length) };
      }
      const bytes = new Uint8Array(length);
      const fd = fs.openSync(found.path, 'r');
      try {
        let read = 0;
        while (read < length) {
          const n = fs.readSync(fd, bytes, read, length - read, offset + read);
          if (n === 0) return { error: l10n.t('the file ended early') };
          read += n;
        }
      } finally {
        fs.closeSync(fd);
      }
      total += length;
      return bytes;
    },
  };
}
