import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
// @ts-expect-error: a plain .mjs script without types
import { onnxSchemaJson } from '../../scripts/generate-onnx-schema.mjs';

describe('the ONNX schema the importer loads', () => {
  it('is generated from the committed onnx.proto (edit the .proto, then run the script)', () => {
    expect(readFileSync('src/model/onnx/onnxSchema.json', 'utf8')).toBe(onnxSchemaJson());
  });
  it('ships onnx.proto with its Apache licence', () => {
    expect(readFileSync('third_party/onnx/LICENSE', 'utf8')).toContain('Apache License');
    expect(readFileSync('third_party/onnx/onnx.proto', 'utf8')).toContain('message ModelProto');
  });
});
