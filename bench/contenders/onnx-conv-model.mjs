/**
 * A one-node ONNX model (Conv, weights and bias as initializers) encoded as protobuf bytes by hand,
 * so the onnxruntime contender needs no model file and no protobuf library. Field numbers are
 * those of onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto).
 */

const WIRE_VARINT = 0;
const WIRE_BYTES = 2;
const FLOAT = 1; // TensorProto.DataType.FLOAT
const ATTRIBUTE_INTS = 7; // AttributeProto.AttributeType.INTS

function varint(value) {
  const out = [];
  let v = BigInt(value);
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

const key = (field, wire) => varint((field << 3) | wire);
const intField = (field, value) => [...key(field, WIRE_VARINT), ...varint(value)];
const bytesField = (field, bytes) => [...key(field, WIRE_BYTES), ...varint(bytes.length), ...bytes];
const stringField = (field, text) => bytesField(field, [...new TextEncoder().encode(text)]);

function intsAttribute(name, values) {
  return [...stringField(1, name), ...values.flatMap((v) => intField(8, v)), ...intField(20, ATTRIBUTE_INTS)];
}

function tensorProto(name, dims, data) {
  const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return [
    ...dims.flatMap((d) => intField(1, d)),
    ...intField(2, FLOAT),
    ...stringField(8, name),
    ...bytesField(9, [...raw]),
  ];
}

function valueInfo(name, dims) {
  const shape = dims.flatMap((d) => bytesField(1, intField(1, d)));
  const tensorType = [...intField(1, FLOAT), ...bytesField(2, shape)];
  return [...stringField(1, name), ...bytesField(2, bytesField(1, tensorType))];
}

/**
 * Y = Conv(X, W, B) with symmetric padding and stride 1.
 * @param {{ input: number[], weight: number[], output: number[], padding: number, w: Float32Array, b: Float32Array }} spec
 */
export function convModel({ input, weight, output, padding, w, b }) {
  const node = [
    ...stringField(1, 'X'),
    ...stringField(1, 'W'),
    ...stringField(1, 'B'),
    ...stringField(2, 'Y'),
    ...stringField(4, 'Conv'),
    ...bytesField(5, intsAttribute('pads', [padding, padding, padding, padding])),
    ...bytesField(5, intsAttribute('kernel_shape', weight.slice(2))),
  ];
  const graph = [
    ...bytesField(1, node),
    ...stringField(2, 'conv'),
    ...bytesField(5, tensorProto('W', weight, w)),
    ...bytesField(5, tensorProto('B', [weight[0]], b)),
    ...bytesField(11, valueInfo('X', input)),
    ...bytesField(12, valueInfo('Y', output)),
  ];
  const opset = [...stringField(1, ''), ...intField(2, 13)];
  return Uint8Array.from([...intField(1, 8), ...bytesField(7, graph), ...bytesField(8, opset)]);
}
