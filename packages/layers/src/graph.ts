import { add, concat, formatShape, formatValue, mul, split, Tensor } from '@scratchnet/tensor';
import { checkDy, isLayer, type NamedChildren } from './children';
import { Container } from './container';
import type { ForwardOptions, Layer } from './layer';
import type { JsonValue, LayerConfig } from './layer-config';
import { nameList } from './name-list';
import { sameShape } from './same-shape';

/** A node that runs a layer on one earlier value. */
export interface LayerNode {
  name: string;
  layer: Layer;
  inputs: [string];
}

/** A node that merges several earlier values: elementwise sum or product, or concatenation along `dim`. */
export interface MergeNode {
  name: string;
  merge: 'add' | 'mul' | 'concat';
  inputs: string[];
  /** For concat (default 1: the channels of NCHW). */
  dim?: number;
}

export type GraphNode = LayerNode | MergeNode;

export interface GraphSpec {
  /** The names of the graph's inputs (`forward(x)` takes one; `forwardAll` takes several). */
  inputs: string[];
  nodes: GraphNode[];
  /** The names of the values the graph returns (`forward` returns one; `forwardAll` several). */
  outputs: string[];
}

const isMerge = (node: GraphNode): node is MergeNode => 'merge' in node;

/**
 * A functional model over any directed acyclic graph: named inputs, nodes that run a layer on one
 * value or merge several (`add`, `mul`, `concat`), values read by any number of later nodes, and
 * named outputs. Forward runs the nodes in topological order; backward runs them in reverse and
 * sums the gradients wherever a value fans out. Parameters are named "<node>.<parameter>".
 */
export class Graph extends Container {
  readonly kind = 'Graph';
  readonly spec: GraphSpec;
  /** The nodes in an order where every node comes after the values it reads. */
  private readonly order: GraphNode[];
  readonly children: NamedChildren;
  private values: Map<string, Tensor> | undefined;

  constructor(spec: GraphSpec) {
    super();
    this.spec = validated(spec);
    this.order = topologicalOrder(this.spec);
    this.children = this.order
      .filter((n): n is LayerNode => !isMerge(n))
      .map((n) => [n.name, n.layer] as const);
  }

  /** Every output for the named inputs. */
  forwardAll(inputs: Record<string, Tensor>, options?: ForwardOptions): Record<string, Tensor> {
    const values = new Map<string, Tensor>();
    for (const name of this.spec.inputs) {
      const x = inputs[name];
      if (!x) throw new Error(`${this}: forwardAll is missing input "${name}"`);
      values.set(name, x);
    }
    for (const node of this.order) {
      const args = node.inputs.map((name) => values.get(name) as Tensor);
      values.set(
        node.name,
        isMerge(node) ? this.mergeForward(node, args) : node.layer.forward(args[0], options),
      );
    }
    this.values = values;
    return Object.fromEntries(this.spec.outputs.map((name) => [name, values.get(name) as Tensor]));
  }

  /** The gradient of every input for the gradients of (some of) the outputs; missing ones count as zero. */
  backwardAll(dys: Record<string, Tensor>): Record<string, Tensor> {
    const values = this.values;
    if (!values) throw new Error(`${this}: backward called before forward`);
    const grads = new Map<string, Tensor>();
    const accumulate = (name: string, g: Tensor) => {
      const sum = grads.get(name);
      grads.set(name, sum ? add(sum, g) : g);
    };
    for (const [name, dy] of Object.entries(dys)) {
      if (!this.spec.outputs.includes(name))
        throw new Error(`${this}: "${name}" is not an output of the graph`);
      checkDy(`${this} output "${name}"`, 'backward', dy, values.get(name));
      accumulate(name, dy);
    }
    for (const node of [...this.order].reverse()) {
      const g = grads.get(node.name);
      if (!g) continue;
      const inputs = node.inputs.map((name) => values.get(name) as Tensor);
      const dxs = isMerge(node) ? mergeBackward(node, inputs, g) : [node.layer.backward(g)];
      for (const [i, name] of node.inputs.entries()) accumulate(name, dxs[i]);
    }
    return Object.fromEntries(
      this.spec.inputs.map((name) => {
        const x = values.get(name) as Tensor;
        return [name, grads.get(name) ?? Tensor.zeros(x.shape, { dtype: x.dtype })];
      }),
    );
  }

  forward(x: Tensor, options?: ForwardOptions): Tensor {
    const [input] = this.single('forward');
    return this.forwardAll({ [input]: x }, options)[this.spec.outputs[0]];
  }

  backward(dy: Tensor): Tensor {
    const [input, output] = this.single('backward');
    return this.backwardAll({ [output]: dy })[input];
  }

  /** The parameter gradients of backward(dy) (the graph forms the input's gradient on the way). */
  backwardParameters(dy: Tensor): void {
    this.backward(dy);
  }

  /** The output shape for one input shape (one input, one output), checking every merge on the way. */
  outputShape(inputShape: readonly number[]): number[] {
    const [input] = this.single('outputShape');
    const shapes = new Map<string, readonly number[]>([[input, inputShape]]);
    for (const node of this.order) {
      const args = node.inputs.map((name) => shapes.get(name) as readonly number[]);
      shapes.set(node.name, isMerge(node) ? this.mergeShape(node, args) : node.layer.outputShape(args[0]));
    }
    return [...(shapes.get(this.spec.outputs[0]) as readonly number[])];
  }

  config(): LayerConfig {
    const nodes = this.spec.nodes.map(
      (node): JsonValue =>
        isMerge(node)
          ? {
              name: node.name,
              merge: node.merge,
              inputs: node.inputs,
              ...(node.dim === undefined ? {} : { dim: node.dim }),
            }
          : { name: node.name, layer: node.layer.config() as unknown as JsonValue, inputs: node.inputs },
    );
    return { kind: this.kind, args: [{ inputs: this.spec.inputs, nodes, outputs: this.spec.outputs }] };
  }

  toString(): string {
    return `Graph(${nameList(this.spec.inputs, true)} -> ${nameList(this.spec.outputs, true)}; ${this.spec.nodes.length} nodes)`;
  }

  private single(op: string): [string, string] {
    if (this.spec.inputs.length !== 1 || this.spec.outputs.length !== 1) {
      throw new Error(
        `${this}: ${op} takes one input and gives one output; this graph has ${this.spec.inputs.length} and ${this.spec.outputs.length}: use ${op === 'backward' ? 'backwardAll' : 'forwardAll'}`,
      );
    }
    return [this.spec.inputs[0], this.spec.outputs[0]];
  }

  private mergeShape(node: MergeNode, shapes: readonly (readonly number[])[]): number[] {
    const described = () => node.inputs.map((name, i) => `${name}: ${formatShape(shapes[i])}`).join(', ');
    if (node.merge !== 'concat') {
      if (!shapes.every((s) => sameShape(s, shapes[0]))) {
        throw new Error(
          `${this}: node "${node.name}" cannot ${node.merge} ${described()}: the shapes must be equal`,
        );
      }
      return [...shapes[0]];
    }
    const rank = shapes[0].length;
    const dim = node.dim ?? 1;
    const axis = dim < 0 ? dim + rank : dim;
    const fits = (s: readonly number[]) =>
      s.length === rank && s.every((size, k) => k === axis || size === shapes[0][k]);
    if (axis < 0 || axis >= rank || !shapes.every(fits)) {
      throw new Error(`${this}: node "${node.name}" cannot concatenate ${described()} along dim ${dim}`);
    }
    const out = [...shapes[0]];
    out[axis] = shapes.reduce((total, s) => total + s[axis], 0);
    return out;
  }

  private mergeForward(node: MergeNode, args: Tensor[]): Tensor {
    this.mergeShape(
      node,
      args.map((t) => t.shape),
    );
    if (node.merge === 'concat') return concat(args, node.dim ?? 1);
    const combine = node.merge === 'add' ? add : mul;
    return args.reduce((acc, t) => combine(acc, t));
  }
}

/** The gradients of a merge's inputs: dy itself for a sum, the others' product times dy for a product, dy's slices for a concat. */
function mergeBackward(node: MergeNode, inputs: Tensor[], dy: Tensor): Tensor[] {
  if (node.merge === 'add') return inputs.map(() => dy);
  if (node.merge === 'concat') {
    const dim = node.dim ?? 1;
    const axis = dim < 0 ? dim + dy.rank : dim;
    return split(
      dy,
      inputs.map((t) => t.shape[axis]),
      dim,
    );
  }
  return inputs.map((_, i) => inputs.reduce((acc, t, j) => (j === i ? acc : mul(acc, t)), dy));
}

/** The spec, checked: names unique and dot-free, every node's inputs known, layers and merges well formed. */
function validated(spec: GraphSpec): GraphSpec {
  const where = 'Graph';
  if (!spec || !Array.isArray(spec.inputs) || !Array.isArray(spec.nodes) || !Array.isArray(spec.outputs)) {
    throw new Error(`${where}: expected { inputs: string[], nodes: [...], outputs: string[] }`);
  }
  if (spec.inputs.length === 0 || spec.outputs.length === 0)
    throw new Error(`${where}: needs at least one input and one output`);
  const names = [...spec.inputs, ...spec.nodes.map((n) => n?.name)];
  for (const [i, name] of names.entries()) {
    if (typeof name !== 'string' || name.length === 0 || name.includes('.')) {
      throw new Error(`${where}: name ${formatValue(name)} must be a non-empty string without "."`);
    }
    if (names.indexOf(name) !== i) throw new Error(`${where}: the name ${formatValue(name)} is used twice`);
  }
  for (const node of spec.nodes) {
    const inputs = node.inputs;
    if (!Array.isArray(inputs) || inputs.length === 0)
      throw new Error(`${where}: node ${formatValue(node.name)} needs inputs`);
    for (const input of inputs) {
      if (!names.includes(input)) {
        throw new Error(
          `${where}: node ${formatValue(node.name)} reads ${formatValue(input)}, which is neither an input nor a node`,
        );
      }
    }
    if (isMerge(node)) {
      if (!['add', 'mul', 'concat'].includes(node.merge)) {
        throw new Error(
          `${where}: node ${formatValue(node.name)} has merge ${formatValue(node.merge)}; use add, mul or concat`,
        );
      }
      if (inputs.length < 2)
        throw new Error(`${where}: merge node ${formatValue(node.name)} needs at least two inputs`);
    } else {
      if (!isLayer(node.layer))
        throw new Error(`${where}: node ${formatValue(node.name)} needs a layer or a merge`);
      if (inputs.length !== 1) {
        throw new Error(
          `${where}: layer node ${formatValue(node.name)} reads one value, got ${inputs.length} (merge them first)`,
        );
      }
    }
  }
  for (const output of spec.outputs) {
    if (!names.includes(output))
      throw new Error(`${where}: output ${formatValue(output)} is neither an input nor a node`);
  }
  return { inputs: [...spec.inputs], nodes: [...spec.nodes], outputs: [...spec.outputs] };
}

/** Kahn's algorithm; a cycle is an error naming the nodes on it (those never ready). */
function topologicalOrder(spec: GraphSpec): GraphNode[] {
  const ready = new Set(spec.inputs);
  const order: GraphNode[] = [];
  let pending = spec.nodes;
  while (pending.length > 0) {
    const next = pending.filter((node) => node.inputs.every((name) => ready.has(name)));
    if (next.length === 0) {
      throw new Error(`Graph: the nodes ${nameList(pending.map((n) => n.name))} form or depend on a cycle`);
    }
    for (const node of next) {
      order.push(node);
      ready.add(node.name);
    }
    pending = pending.filter((node) => !next.includes(node));
  }
  return order;
}
