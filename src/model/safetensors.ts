/**
 * The safetensors layout (https://huggingface.co/docs/safetensors), the format of a model file's
 * `weightsFile` (docs/spec/model-file-v1.1-layers.md, "Weights in a file"):
 *
 *   bytes 0..7      N, the header's length in bytes, an unsigned 64-bit little-endian integer
 *   bytes 8..8+N    the header: UTF-8 JSON { name: { "dtype", "shape", "data_offsets": [begin, end] }, "__metadata__"?: {…} }
 *   bytes 8+N..     the data: each tensor's numbers, little-endian, row-major, at [begin, end) of this part
 *
 * GradLens reads and writes the element types F32 and F64 (end − begin = 4 or 8 × the product of the
 * shape). Pure: bytes in, tensors out (and back); no file system. Every refusal says what is wrong and
 * where (the tensor's name, the byte counts).
 */
import * as l10n from '@vscode/l10n';

export type SafetensorsDtype = 'F32' | 'F64';

export interface NamedTensor {
  readonly name: string;
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  /** The numbers, row-major, widened to float64 (an F32 number exactly). */
  readonly values: Float64Array;
}

const BYTES: Record<SafetensorsDtype, number> = { F32: 4, F64: 8 };

/** Headers larger than this are refused (a real one lists a few hundred tensors in a few KB). */
export const MAX_HEADER_BYTES = 16 * 1024 * 1024;

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** Every tensor of a safetensors file, in the header's order, or why the bytes are not one. */
export function decodeSafetensors(bytes: Uint8Array): { tensors: NamedTensor[] } | { error: string } {
  if (bytes.length < 8) return { error: l10n.t('the file has {0} bytes: too short for a safetensors file (8 bytes of header length, then the header)', bytes.length) };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(bytes.length - 8)) {
    return { error: l10n.t('its header length says {0} bytes, but only {1} follow: the file is truncated or not a safetensors file', String(headerLength), bytes.length - 8) };
  }
  const n = Number(headerLength);
  if (n > MAX_HEADER_BYTES) return { error: l10n.t('its header has {0} bytes; at most {1} are read', n, MAX_HEADER_BYTES) };
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch {
    return { error: l10n.t('its header is not valid UTF-8 JSON: not a safetensors file') };
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) return { error: l10n.t('its header is not a JSON object of tensors') };
  const dataStart = 8 + n;
  const dataLength = bytes.length - dataStart;
  const tensors: NamedTensor[] = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') continue;
    const read = decodeTensor(name, entry, view, dataStart, dataLength);
    if ('error' in read) return read;
    tensors.push(read);
  }
  return { tensors };
}

function decodeTensor(
  name: string, entry: unknown, view: DataView, dataStart: number, dataLength: number,
): NamedTensor | { error: string } {
  if (entry === null || typeof entry !== 'object') return { error: l10n.t('tensor \'{0}\': its header entry is not an object with "dtype", "shape" and "data_offsets"', name) };
  const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
  if (dtype !== 'F32' && dtype !== 'F64') {
    return { error: l10n.t("tensor '{0}' has dtype {1}; GradLens reads F32 and F64 (float32, float64) only", name, String(JSON.stringify(dtype))) };
  }
  if (!Array.isArray(shape) || !shape.every(isCount)) return { error: l10n.t('tensor \'{0}\': "shape" must be a list of whole numbers, not {1}', name, String(JSON.stringify(shape))) };
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount) || offsets[0] > offsets[1]) {
    return { error: l10n.t('tensor \'{0}\': "data_offsets" must be [begin, end] with begin ≤ end, not {1}', name, String(JSON.stringify(offsets))) };
  }
  const [begin, end] = offsets as [number, number];
  if (end > dataLength) return { error: l10n.t("tensor '{0}' ends at byte {1} of the data, but the data has only {2} bytes: the file is truncated", name, end, dataLength) };
  const count = product(shape as number[]);
  const size = BYTES[dtype];
  if (end - begin !== count * size) {
    return { error: l10n.t("tensor '{0}' has shape [{1}] ({2} {3} numbers, {4} bytes) but its data_offsets span {5} bytes", name, (shape as number[]).join(', '), count, dtype, count * size, end - begin) };
  }
  const values = new Float64Array(count);
  const at = dataStart + begin;
  for (let i = 0; i < count; i++) values[i] = dtype === 'F32' ? view.getFloat32(at + 4 * i, true) : view.getFloat64(at + 8 * i, true);
  return { name, dtype, shape: [...(shape as number[])], values };
}

/**
 * The bytes of a safetensors file holding `tensors`, in their order; the header is padded with spaces
 * to a multiple of 8 bytes (as the reference writer does), so every tensor starts aligned.
 */
export function encodeSafetensors(tensors: readonly NamedTensor[]): Uint8Array {
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const t of tensors) {
    const length = t.values.length * BYTES[t.dtype];
    header[t.name] = { dtype: t.dtype, shape: [...t.shape], data_offsets: [offset, offset + length] };
    offset += length;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) json = new TextEncoder().encode(JSON.stringify(header) + ' '.repeat(padded - json.length));
  const bytes = new Uint8Array(8 + json.length + offset);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  bytes.set(json, 8);
  let at = 8 + json.length;
  for (const t of tensors) {
    for (const v of t.values) {
      if (t.dtype === 'F32') {
        view.setFloat32(at, v, true);
        at += 4;
      } else {
        view.setFloat64(at, v, true);
        at += 8;
      }
    }
  }
  return bytes;
}

/** F32 when every number is a float32 exactly (so nothing is rounded), else F64. */
export function exactDtype(values: ArrayLike<number>): SafetensorsDtype {
  for (let i = 0; i < values.length; i++) if (Math.fround(values[i]!) !== values[i]) return 'F64';
  return 'F32';
}
