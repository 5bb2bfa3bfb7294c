import type { Layer } from '@scratchnet/layers';
import type { DType, Tensor } from '@scratchnet/tensor';
import type { NodeProto } from '../proto/onnx-types';
import type { RecurrentStack } from './read-graph';

/** What one ONNX node becomes: a layer on one computed value, or a merge of several. */
export type ImportedNode =
  | { layer: Layer; input: string }
  | { merge: 'add' | 'mul' | 'concat'; inputs: string[]; dim?: number };

/** What a converter can ask about the node it converts; every question is checked. */
export interface ImportContext {
  node: NodeProto;
  opType: string;
  /** 'node "conv1" (Conv, opset 17)': how errors name the node. */
  where: string;
  opset: number;
  /** The dtype of the graph's values. */
  dtype: DType;
  inputs: readonly string[];
  attrs: {
    int(name: string, fallback?: number): number;
    ints(name: string, fallback?: readonly number[]): number[];
    float(name: string, fallback?: number): number;
    string(name: string, fallback?: string): string;
    has(name: string): boolean;
  };
  /** The float constant (initializer or Constant node) at input `index`; null when it is computed. */
  constant(index: number): Tensor | null;
  /** The integer constant at input `index` (shapes, axes); null when it is computed or absent. */
  integers(index: number): number[] | null;
  /** The dims of the integer constant at input `index` ([] for a scalar); null when there is none. */
  integerDims(index: number): number[] | null;
  /** Whether input `index` is given (ONNX leaves optional inputs out or names them ''). */
  given(index: number): boolean;
  /** The static shape of input `index`, the batch taken as 1. */
  shape(index: number): readonly number[];
  /** Whether output `index` of this node is read by anything. */
  outputUsed(index: number): boolean;
  /**
   * Set on an LSTM or GRU that import fused with what follows it (Transpose and Reshape to
   * [T, N, D·H], the next layers, batch-first Transposes): its inputs are X, then W, R, B per layer.
   */
  stack?: RecurrentStack;
  /** An Error naming the node and why it cannot be imported. */
  fail(why: string): Error;
}

/** Converts one ONNX operator to a scratchnet layer (or merge). */
export type OpImporter = (ctx: ImportContext) => ImportedNode;

/** The computed input at `index`, or an error saying it must not be a constant. */
export function dynamicInput(ctx: ImportContext, index = 0): string {
  if (ctx.constant(index) || ctx.integers(index))
    throw ctx.fail(`its input ${index} is a constant; expected a computed value`);
  return ctx.inputs[index];
}

/** The constant at `index`, or an error saying it must be one. */
export function requireConstant(ctx: ImportContext, index: number, what: string): Tensor {
  const value = ctx.constant(index);
  if (!value) throw ctx.fail(`its ${what} (input ${index}) must be an initializer or a Constant`);
  return value;
}

/** Copies `value` into a parameter tensor of the same element count (ONNX may shape it differently). */
export function fill(target: Tensor, value: Tensor, ctx: ImportContext, what: string): void {
  if (target.size !== value.size) {
    throw ctx.fail(`its ${what} has ${value.size} values where ${target.size} are needed`);
  }
  target.data.set(value.data);
}
