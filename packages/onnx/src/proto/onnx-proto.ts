import protobuf from 'protobufjs/light.js';
import schema from '../generated/onnx-schema.json';
import type { ModelProto } from './onnx-types';

/** The ONNX schema, compiled by protobufjs from the descriptor generated out of schema/onnx.proto3. */
const modelType = protobuf.Root.fromJSON(schema as protobuf.INamespace).lookupType('onnx.ModelProto');

/** A ModelProto as ONNX bytes (fields in the schema's order, so the same model gives the same bytes). */
export function encodeModel(model: ModelProto): Uint8Array {
  const bytes = modelType.encode(modelType.fromObject(model as Record<string, unknown>)).finish();
  // protobufjs may hand back a Node Buffer; callers get a plain Uint8Array.
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * ONNX bytes as a ModelProto (int64 as number: a size beyond 2^53 stays far beyond every limit).
 * A wire-format error (truncated, wrong wire type, deep nesting) becomes an Error that says so.
 */
export function decodeModel(bytes: Uint8Array, source = 'ONNX model'): ModelProto {
  if (!(bytes instanceof Uint8Array)) {
    throw new Error(
      `${source}: expected the file's bytes as a Uint8Array, got ${Object.prototype.toString.call(bytes)}`,
    );
  }
  let message: protobuf.Message;
  try {
    message = modelType.decode(bytes);
  } catch (error) {
    const reason =
      error instanceof RangeError && /call stack/.test(error.message)
        ? 'nested too deeply'
        : (error as Error).message;
    throw new Error(`${source}: not a readable ONNX file (protobuf: ${reason})`);
  }
  return modelType.toObject(message, { longs: Number, arrays: true }) as ModelProto;
}
