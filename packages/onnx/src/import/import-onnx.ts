import { Graph, type GraphNode, type Layer, Sequential } from '@scratchnet/layers';
import { formatShape } from '@scratchnet/tensor';
import { registerOnnxLayers } from '../layers/register';
import { AttributeType } from '../proto/onnx-types';
import type { ImportContext, ImportedNode } from './import-context';
import { type ReadGraph, readGraph, type WorkNode } from './read-graph';
import { importableOperators, importerFor } from './registry';
import { rewritePatterns } from './rewrite';

/** A name Graph and Sequential accept (non-empty, no "."), unique among `taken`. */
function uniqueName(raw: string, taken: Set<string>): string {
  const base = raw.replaceAll('.', '_') || 'node';
  let name = base;
  for (let i = 1; taken.has(name); i++) name = `${base}_${i}`;
  taken.add(name);
  return name;
}

function attributesOf(node: WorkNode, where: string): ImportContext['attrs'] {
  const find = (name: string, type: AttributeType) => {
    const attribute = node.attributes.find((a) => a.name === name);
    if (attribute?.type !== undefined && attribute.type !== type) {
      throw new Error(
        `importOnnx: ${where}: attribute "${name}" has ONNX type ${attribute.type}, expected ${type}`,
      );
    }
    return attribute;
  };
  const missing = (name: string) => new Error(`importOnnx: ${where}: attribute "${name}" is required`);
  return {
    int: (name, fallback) => {
      const a = find(name, AttributeType.INT);
      if (a) return a.i ?? 0;
      if (fallback === undefined) throw missing(name);
      return fallback;
    },
    ints: (name, fallback) => {
      const a = find(name, AttributeType.INTS);
      if (a) return [...(a.ints ?? [])];
      if (fallback === undefined) throw missing(name);
      return [...fallback];
    },
    float: (name, fallback) => {
      const a = find(name, AttributeType.FLOAT);
      if (a) return a.f ?? 0;
      if (fallback === undefined) throw missing(name);
      return fallback;
    },
    string: (name, fallback) => {
      const a = find(name, AttributeType.STRING);
      if (a) return new TextDecoder().decode(a.s ?? new Uint8Array());
      if (fallback === undefined) throw missing(name);
      return fallback;
    },
    has: (name) => node.attributes.some((a) => a.name === name),
  };
}

/** The shape a merge gives, or an Error naming the node. */
function mergeShape(
  merge: Extract<ImportedNode, { merge: string }>,
  shapes: (readonly number[])[],
  fail: (why: string) => Error,
) {
  if (merge.merge !== 'concat') return [...shapes[0]];
  const rank = shapes[0].length;
  const dim = merge.dim ?? 1;
  const axis = dim < 0 ? dim + rank : dim;
  const fits = (s: readonly number[]) =>
    s.length === rank && s.every((d, k) => k === axis || d === shapes[0][k]);
  if (axis < 0 || axis >= rank || !shapes.every(fits)) {
    throw fail(`cannot concatenate ${shapes.map((s) => formatShape(s)).join(', ')} along axis ${dim}`);
  }
  const out = [...shapes[0]];
  out[axis] = shapes.reduce((total, s) => total + s[axis], 0);
  return out;
}

/** Converts every node, tracking each value's static shape; returns the Graph spec's nodes. */
function convert(
  read: ReadGraph,
  nodes: WorkNode[],
  names: Map<string, string>,
  taken: Set<string>,
): GraphNode[] {
  const shapes = new Map<string, readonly number[]>(read.inputs.map((i) => [i.name, i.shape]));
  const readers = new Set([...nodes.flatMap((n) => n.inputs), ...read.outputs]);
  const spec: GraphNode[] = [];
  for (const node of nodes) {
    const where = `node "${node.name}" (${node.opType}${node.domain ? ` of domain ${node.domain}` : ''}, opset ${read.opset})`;
    const fail = (why: string) => new Error(`importOnnx: ${where}: ${why}`);
    const importer = node.domain && node.domain !== 'ai.onnx' ? undefined : importerFor(node.opType);
    if (!importer) {
      throw new Error(
        `importOnnx: operator "${node.opType}"${node.domain ? ` of domain "${node.domain}"` : ''} of node "${node.name}" (opset ${read.opset}) is not supported; import reads ${importableOperators().join(', ')}`,
      );
    }
    const constant = (i: number) => {
      const c = read.constants.get(node.inputs[i] ?? '');
      return c?.kind === 'float' ? c.tensor : null;
    };
    const ctx: ImportContext = {
      node: { name: node.name, op_type: node.opType },
      opType: node.opType,
      where,
      opset: read.opset,
      dtype: read.dtype,
      inputs: node.inputs,
      attrs: attributesOf(node, where),
      constant: (i) => {
        const c = constant(i);
        return c && c.dtype !== read.dtype ? c.astype(read.dtype) : c;
      },
      integers: (i) => {
        const c = read.constants.get(node.inputs[i] ?? '');
        return c?.kind === 'int' ? c.values : null;
      },
      integerDims: (i) => {
        const c = read.constants.get(node.inputs[i] ?? '');
        return c?.kind === 'int' ? [...c.dims] : null;
      },
      stack: node.stack,
      given: (i) => !!node.inputs[i],
      shape: (i) => {
        const shape = shapes.get(node.inputs[i] ?? '');
        if (!shape) throw fail(`its input ${i} ("${node.inputs[i] ?? ''}") is not a computed value`);
        return shape;
      },
      outputUsed: (i) => !!node.outputs[i] && readers.has(node.outputs[i]),
      fail,
    };
    let imported: ImportedNode;
    let shape: readonly number[];
    try {
      imported = importer(ctx);
      if ('layer' in imported) {
        shape = imported.layer.outputShape(ctx.shape(node.inputs.indexOf(imported.input)));
      } else {
        const inputShapes = imported.inputs.map((v) => ctx.shape(node.inputs.indexOf(v)));
        shape = mergeShape(imported, inputShapes, fail);
      }
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('importOnnx:')) throw error;
      throw fail((error as Error).message);
    }
    const name = uniqueName(node.name, taken);
    const graphName = (value: string) => names.get(value) ?? value;
    if ('layer' in imported) spec.push({ name, layer: imported.layer, inputs: [graphName(imported.input)] });
    else
      spec.push({ name, merge: imported.merge, inputs: imported.inputs.map(graphName), dim: imported.dim });
    names.set(node.outputs[0], name);
    shapes.set(node.outputs[0], shape);
  }
  return spec;
}

/** A Sequential when the graph is a chain of layers under names a Sequential keeps in order, else null. */
function asSequential(spec: GraphNode[], input: string, output: string): Sequential | null {
  let previous = input;
  for (const node of spec) {
    if (!('layer' in node) || node.inputs[0] !== previous) return null;
    previous = node.name;
  }
  if (previous !== output || spec.length === 0) return null;
  const layers = spec.map((n) => (n as { layer: Layer }).layer);
  if (spec.every((n, i) => n.name === String(i))) return new Sequential(...layers);
  // An object keeps integer-like keys in numeric order, not insertion order: such names go to a Graph.
  if (spec.some((n) => /^\d+$/.test(n.name))) return null;
  return new Sequential(Object.fromEntries(spec.map((n) => [n.name, (n as { layer: Layer }).layer])));
}

/**
 * Reads ONNX bytes into a scratchnet model: a Sequential when the graph is a chain, else a Graph.
 * Initializers become the layers' parameters (trainable); nodes keep their names ("." becomes "_").
 * Everything in the file is checked before it is used; anything that cannot be imported is an Error
 * that names it (an unsupported operator: its type, its node and the opset).
 */
export function importOnnx(bytes: Uint8Array): Sequential | Graph {
  registerOnnxLayers();
  const read = readGraph(bytes);
  const nodes = rewritePatterns(read.nodes, read.outputs, read.constants);
  const taken = new Set<string>();
  const names = new Map<string, string>(read.inputs.map((i) => [i.name, uniqueName(i.name, taken)]));
  const spec = convert(read, nodes, names, taken);
  const inputs = read.inputs.map((i) => names.get(i.name)!);
  const outputs = read.outputs.map((o) => {
    const name = names.get(o);
    if (!name) throw new Error(`importOnnx: graph output "${o}" is a constant, not a computed value`);
    return name;
  });
  if (inputs.length === 1 && outputs.length === 1) {
    const sequential = asSequential(spec, inputs[0], outputs[0]);
    if (sequential) return sequential;
  }
  return new Graph({ inputs, nodes: spec, outputs });
}
