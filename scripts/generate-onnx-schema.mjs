// Turns third_party/onnx/onnx.proto into src/model/onnx/onnxSchema.json (protobufjs's JSON descriptor), which the
// ONNX importer loads with protobufjs/light. Run after updating the .proto: node scripts/generate-onnx-schema.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const root = fileURLToPath(new URL('..', import.meta.url));
export function onnxSchemaJson() {
  const parsed = protobuf.parse(readFileSync(`${root}third_party/onnx/onnx.proto`, 'utf8'), { keepCase: true });
  return JSON.stringify(parsed.root.toJSON(), null, 1) + '\n';
}
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(`${root}src/model/onnx/onnxSchema.json`, onnxSchemaJson());
  console.log('wrote src/model/onnx/onnxSchema.json');
}
