import { type DType, validateShape } from '@scratchnet/tensor';
import { decodeModel } from '../proto/onnx-proto';
import {
  type AttributeProto,
  type AttributeType,
  DataType,
  type ModelProto,
  type TensorProto,
} from '../proto/onnx-types';
import { type TensorValue, tensorFromProto } from '../proto/tensor-proto';

/** More nodes than any model scratchnet can hold needs; past it a file is refused before any work. */
export const MAX_NODES = 100_000;

/** One node as import works on it (rewrites make new ones: MatMul + Add -> Gemm, the erf GELU -> Gelu). */
export interface WorkNode {
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: AttributeProto[];
  /** LSTM and GRU fused with what follows them into one layer (see patterns/recurrent-stack.ts). */
  stack?: RecurrentStack;
}

/** A stack of LSTM or GRU nodes read as one scratchnet layer: its input is X then W, R, B of each layer. */
export interface RecurrentStack {
  layers: number;
  batchFirst: boolean;
}

export interface GraphInput {
  name: string;
  shape: number[];
}

/** A decoded, checked ONNX graph: its nodes in an order where each follows what it reads. */
export interface ReadGraph {
  opset: number;
  dtype: DType;
  inputs: GraphInput[];
  outputs: string[];
  nodes: WorkNode[];
  constants: Map<string, TensorValue>;
}

const DTYPES: Partial<Record<number, DType>> = { [DataType.FLOAT]: 'float32', [DataType.DOUBLE]: 'float64' };

function opsetOf(model: ModelProto): number {
  const entry = (model.opset_import ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  const version = entry?.version;
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    throw new Error('importOnnx: the model imports no version of the default ONNX operator set');
  }
  if (version < 11)
    throw new Error(`importOnnx: opset ${version} is too old; import reads opset 11 and later`);
  return version;
}

/** The value a Constant node holds (value, value_float(s), value_int(s)), checked like an initializer. */
function constantNodeValue(node: WorkNode): TensorValue {
  const where = `importOnnx: Constant node "${node.name}"`;
  const [attribute] = node.attributes;
  if (node.attributes.length !== 1 || !attribute)
    throw new Error(`${where} must have exactly one value attribute`);
  switch (attribute.name) {
    case 'value':
      return tensorFromProto(attribute.t ?? {}, where);
    case 'value_float':
      return tensorFromProto({ dims: [], data_type: DataType.FLOAT, float_data: [attribute.f ?? 0] }, where);
    case 'value_floats':
      return tensorFromProto(
        { dims: [attribute.floats?.length ?? 0], data_type: DataType.FLOAT, float_data: attribute.floats },
        where,
      );
    case 'value_int':
      return { kind: 'int', dims: [], values: [attribute.i ?? 0] };
    case 'value_ints':
      return { kind: 'int', dims: [attribute.ints?.length ?? 0], values: [...(attribute.ints ?? [])] };
    default:
      throw new Error(`${where}: attribute "${attribute.name}" is not supported`);
  }
}

/** Graph inputs that are not initializers, with static shapes (a free first dimension is the batch, taken as 1). */
function graphInputs(
  model: ModelProto,
  constants: ReadonlySet<string>,
): { inputs: GraphInput[]; dtype: DType } {
  const inputs: GraphInput[] = [];
  let dtype: DType | undefined;
  for (const info of model.graph?.input ?? []) {
    const name = info.name ?? '';
    if (constants.has(name)) continue;
    const where = `importOnnx: graph input "${name}"`;
    const tensorType = info.type?.tensor_type;
    const elemType = DTYPES[tensorType?.elem_type ?? 0];
    if (!elemType)
      throw new Error(
        `${where}: element type ${tensorType?.elem_type ?? 'none'} is not supported (float and double are)`,
      );
    if (dtype && dtype !== elemType)
      throw new Error(`${where}: inputs of different element types are not supported`);
    dtype = elemType;
    const dims = tensorType?.shape?.dim;
    if (!dims || dims.length === 0)
      throw new Error(`${where}: has no shape; import needs the input's rank and sizes`);
    const shape = dims.map((d, i) => {
      if (typeof d.dim_value === 'number' && d.dim_value > 0) return d.dim_value;
      if (i === 0) return 1;
      throw new Error(`${where}: dimension ${i} has no fixed size (only the batch may be free)`);
    });
    validateShape(where, shape, 'input');
    inputs.push({ name, shape });
  }
  if (inputs.length === 0 || !dtype)
    throw new Error('importOnnx: the graph has no input besides its initializers');
  return { inputs, dtype };
}

/** Kahn's algorithm over the nodes that the outputs need; a cycle is an error naming its nodes. */
function orderNodes(nodes: WorkNode[], outputs: string[], known: ReadonlySet<string>): WorkNode[] {
  const producer = new Map<string, WorkNode>();
  for (const node of nodes) {
    for (const output of node.outputs) {
      if (!output) continue;
      if (producer.has(output) || known.has(output)) {
        throw new Error(
          `importOnnx: value "${output}" is produced twice (second time by node "${node.name}")`,
        );
      }
      producer.set(output, node);
    }
  }
  // The nodes the outputs depend on, found without recursion.
  const live = new Set<WorkNode>();
  const stack = [...outputs];
  while (stack.length > 0) {
    const value = stack.pop()!;
    const node = producer.get(value);
    if (!node) {
      if (!known.has(value)) throw new Error(`importOnnx: value "${value}" is read but nothing produces it`);
      continue;
    }
    if (live.has(node)) continue;
    live.add(node);
    for (const input of node.inputs) if (input) stack.push(input);
  }
  // Most files list their nodes in an order that works already: keep it (export relies on that).
  const seen = new Set(known);
  const inFileOrder = nodes.filter((n) => live.has(n));
  if (
    inFileOrder.every((n) => {
      const ok = n.inputs.every((v) => !v || seen.has(v));
      for (const output of n.outputs) seen.add(output);
      return ok;
    })
  ) {
    return inFileOrder;
  }
  const waiting = new Map<WorkNode, number>();
  const readers = new Map<WorkNode, WorkNode[]>();
  for (const node of live) {
    const sources = new Set(node.inputs.map((v) => producer.get(v)).filter((p): p is WorkNode => !!p));
    waiting.set(node, sources.size);
    for (const source of sources) {
      const list = readers.get(source);
      if (list) list.push(node);
      else readers.set(source, [node]);
    }
  }
  const ready = nodes.filter((n) => live.has(n) && waiting.get(n) === 0);
  const order: WorkNode[] = [];
  for (let i = 0; i < ready.length; i++) {
    order.push(ready[i]);
    for (const reader of readers.get(ready[i]) ?? []) {
      const left = waiting.get(reader)! - 1;
      waiting.set(reader, left);
      if (left === 0) ready.push(reader);
    }
  }
  if (order.length < live.size) {
    const done = new Set(order);
    const stuck = [...live]
      .filter((n) => !done.has(n))
      .slice(0, 5)
      .map((n) => `"${n.name}"`);
    throw new Error(
      `importOnnx: the graph has a cycle through nodes ${stuck.join(', ')}${live.size - order.length > 5 ? ', …' : ''}`,
    );
  }
  return order;
}

/** Decodes and checks the graph: sizes, names, data, reachability and order, before any layer is built. */
export function readGraph(bytes: Uint8Array): ReadGraph {
  const model = decodeModel(bytes, 'importOnnx');
  if (!model.graph) throw new Error('importOnnx: the file has no graph');
  const opset = opsetOf(model);
  const graph = model.graph;
  const rawNodes = graph.node ?? [];
  if (rawNodes.length > MAX_NODES)
    throw new Error(`importOnnx: ${rawNodes.length} nodes is more than the ${MAX_NODES} import reads`);
  if ((graph.sparse_initializer ?? []).length > 0)
    throw new Error('importOnnx: sparse initializers are not supported');
  const constants = new Map<string, TensorValue>();
  for (const [i, init] of (graph.initializer ?? []).entries()) {
    const name = init.name ?? '';
    if (!name || constants.has(name))
      throw new Error(`importOnnx: initializer ${i} has ${name ? `the repeated name "${name}"` : 'no name'}`);
    constants.set(name, tensorFromProto(init as TensorProto, `importOnnx: initializer "${name}"`));
  }
  const nodes: WorkNode[] = rawNodes.map((n, i) => ({
    name: n.name || `${n.op_type || 'node'}_${i}`,
    opType: n.op_type ?? '',
    domain: n.domain ?? '',
    inputs: [...(n.input ?? [])],
    outputs: [...(n.output ?? [])],
    attributes: n.attribute ?? [],
  }));
  const { inputs, dtype } = graphInputs(model, new Set(constants.keys()));
  const outputs = (graph.output ?? []).map((o) => o.name ?? '');
  if (outputs.length === 0) throw new Error('importOnnx: the graph has no outputs');
  const known = new Set([...constants.keys(), ...inputs.map((i) => i.name)]);
  const ordered = orderNodes(nodes, outputs, known);
  const computed = ordered.filter((node) => {
    if (node.opType !== 'Constant' || node.domain) return true;
    constants.set(node.outputs[0], constantNodeValue(node));
    return false;
  });
  return { opset, dtype, inputs, outputs, nodes: computed, constants };
}

/** An attribute's value of the expected ONNX type, or an Error naming it. */
export function attributeValue(attribute: AttributeProto, expected: AttributeType, where: string) {
  if (attribute.type !== undefined && attribute.type !== expected) {
    throw new Error(
      `${where}: attribute "${attribute.name}" has type ${attribute.type}, expected ${expected}`,
    );
  }
  return attribute;
}
