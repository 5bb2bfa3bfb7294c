import type { Tensor } from '@scratchnet/tensor';
import type { NodeProto, TensorProto } from '../proto/onnx-types';
import { int64ToProto, tensorToProto } from '../proto/tensor-proto';
import type { Attributes } from './attributes';

/**
 * The nodes and initializers of the graph being exported, in the order they are added. Every name
 * (node, value, initializer) is unique: a node's single output carries the node's own name.
 */
export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private readonly taken = new Set<string>();

  constructor(readonly opset: number) {}

  /** Reserves a name (a graph input's); throws if it is taken. */
  reserve(name: string): string {
    if (this.taken.has(name)) throw new Error(`exportOnnx: the name "${name}" is used twice`);
    this.taken.add(name);
    return name;
  }

  /** `hint`, or `hint_1`, `hint_2`… when taken. */
  private fresh(hint: string): string {
    let name = hint;
    for (let i = 1; this.taken.has(name); i++) name = `${hint}_${i}`;
    this.taken.add(name);
    return name;
  }

  /** Adds a node named after `name` (made unique); returns its output, which carries the same name. */
  node(opType: string, inputs: readonly string[], name: string, attributes: Attributes = {}): string {
    const unique = this.fresh(name);
    this.nodes.push({
      name: unique,
      op_type: opType,
      input: [...inputs],
      output: [unique],
      attribute: Object.entries(attributes).map(([key, value]) => ({ name: key, ...value })),
    });
    return unique;
  }

  /** A float initializer (a parameter, a buffer or a constant) named after `name` (made unique); returns its name. */
  initializer(name: string, tensor: Tensor): string {
    const unique = this.fresh(name);
    this.initializers.push(tensorToProto(unique, tensor));
    return unique;
  }

  /** An int64 initializer (a shape or axes) named after `name` (made unique); `dims` [] makes a scalar. */
  int64s(name: string, values: readonly number[], dims: readonly number[] = [values.length]): string {
    const unique = this.fresh(name);
    this.initializers.push(int64ToProto(unique, values, [...dims]));
    return unique;
  }
}
