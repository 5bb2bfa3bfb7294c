// Turns the vendored ONNX schema (schema/onnx.proto3, from the ONNX project) into the JSON
// descriptor that protobufjs/light reads at run time: src/generated/onnx-schema.json. Rerun after
// replacing the .proto3; `--check` exits 1 when the committed JSON is stale (a test runs it too).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'schema', 'onnx.proto3');
const target = join(root, 'src', 'generated', 'onnx-schema.json');

export function schemaJson() {
  const parsed = protobuf.parse(readFileSync(source, 'utf8'), { keepCase: true });
  return `${JSON.stringify(parsed.root.toJSON(), null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const json = schemaJson();
  if (process.argv.includes('--check')) {
    const current = readFileSync(target, 'utf8');
    if (current !== json) {
      console.error(`${target} is stale: run node scripts/generate-schema.mjs`);
      process.exit(1);
    }
  } else {
    writeFileSync(target, json);
    console.log(`wrote ${target}`);
  }
}
