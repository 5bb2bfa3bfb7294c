import { type AttributeProto, AttributeType } from '../proto/onnx-types';

/** ONNX attribute values, tagged with their ONNX type (a JS number cannot say whether it is an int). */
export const attr = {
  int: (i: number): AttributeProto => ({ type: AttributeType.INT, i }),
  ints: (ints: readonly number[]): AttributeProto => ({ type: AttributeType.INTS, ints: [...ints] }),
  float: (f: number): AttributeProto => ({ type: AttributeType.FLOAT, f }),
  string: (s: string): AttributeProto => ({ type: AttributeType.STRING, s: new TextEncoder().encode(s) }),
};

export type Attributes = Record<string, AttributeProto>;
