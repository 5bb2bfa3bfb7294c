import type { TensorValue } from '../proto/tensor-proto';
import type { WorkNode } from './read-graph';

/** Who produces and who reads each value of a node list: what pattern rewrites walk along. */
export interface NodeLinks {
  producer: ReadonlyMap<string, WorkNode>;
  /** A node that reads the value (the last one listed). */
  readerOf: ReadonlyMap<string, WorkNode>;
  /** Whether exactly one node (or graph output) reads the value. */
  onlyReader(value: string): boolean;
  /** Whether any node or graph output reads the value. */
  isRead(value: string): boolean;
}

export function linksOf(nodes: readonly WorkNode[], outputs: readonly string[]): NodeLinks {
  const counts = new Map<string, number>();
  for (const value of [...nodes.flatMap((n) => n.inputs), ...outputs])
    counts.set(value, (counts.get(value) ?? 0) + 1);
  const readerOf = new Map<string, WorkNode>();
  for (const node of nodes) for (const input of node.inputs) readerOf.set(input, node);
  return {
    producer: new Map(nodes.flatMap((n) => n.outputs.map((o) => [o, n] as const))),
    readerOf,
    onlyReader: (value) => counts.get(value) === 1,
    isRead: (value) => counts.has(value),
  };
}

/** The one node that reads `value` when it has no other reader, of `opType` in the default domain. */
export function soleReader(links: NodeLinks, value: string, opType: string): WorkNode | undefined {
  const reader = links.readerOf.get(value);
  return reader && !reader.domain && reader.opType === opType && links.onlyReader(value) ? reader : undefined;
}

/** The node that produces `value`, of `opType` in the default domain. */
export function producerOf(links: NodeLinks, value: string, opType: string): WorkNode | undefined {
  const node = links.producer.get(value);
  return node && !node.domain && node.opType === opType ? node : undefined;
}

/** The operand of a binary node that is not `value` ('' when the node is not binary). */
export function otherOperand(node: WorkNode, value: string): string {
  if (node.inputs.length !== 2) return '';
  return node.inputs[0] === value ? node.inputs[1] : node.inputs[0];
}

/** Whether `name` is a float constant (of the single `value`, within float32 rounding, when given). */
export function isFloatConstant(
  constants: ReadonlyMap<string, TensorValue>,
  name: string,
  value?: number,
): boolean {
  const c = constants.get(name);
  if (c?.kind !== 'float') return false;
  return (
    value === undefined ||
    (c.tensor.size === 1 && Math.abs(c.tensor.data[0] - value) < 1e-4 * Math.max(1, value))
  );
}

/** Whether `name` is an integer constant holding exactly `values`. */
export function isIntegers(
  constants: ReadonlyMap<string, TensorValue>,
  name: string,
  values: readonly number[],
): boolean {
  const c = constants.get(name);
  return c?.kind === 'int' && c.values.length === values.length && c.values.every((v, i) => v === values[i]);
}

/** An integer attribute of a node, or `fallback`. */
export function intAttribute(node: WorkNode, name: string, fallback: number): number {
  const a = node.attributes.find((x) => x.name === name);
  return a ? (a.i ?? 0) : fallback;
}

/** An ints attribute of a node, or null. */
export function intsAttribute(node: WorkNode, name: string): number[] | null {
  const a = node.attributes.find((x) => x.name === name);
  return a ? [...(a.ints ?? [])] : null;
}

/** What a pattern rewrite sees of the graph, and how it records a pattern it fuses. */
export interface PatternScope {
  links: NodeLinks;
  constants: ReadonlyMap<string, TensorValue>;
  /** Whether a node is already part of a fused pattern. */
  taken(node: WorkNode): boolean;
  /**
   * Replaces `pattern` (its nodes in topological order) by `fused`, which takes the place of the
   * last node, so that a topological order stays one.
   */
  fuse(pattern: readonly WorkNode[], fused: WorkNode): void;
}

/** Nodes in topological order in, the same with a kind of pattern fused out. */
export type Rewrite = (
  nodes: readonly WorkNode[],
  outputs: readonly string[],
  constants: ReadonlyMap<string, TensorValue>,
) => WorkNode[];

/** A rewrite that offers `visit` each node of the default domain not yet fused, in order. */
export function patternRewrite(visit: (node: WorkNode, scope: PatternScope) => void): Rewrite {
  return (nodes, outputs, constants) => {
    const removed = new Set<WorkNode>();
    const replaced = new Map<WorkNode, WorkNode>();
    const scope: PatternScope = {
      links: linksOf(nodes, outputs),
      constants,
      taken: (node) => removed.has(node) || replaced.has(node),
      fuse: (pattern, fused) => {
        for (const n of pattern.slice(0, -1)) removed.add(n);
        replaced.set(pattern[pattern.length - 1], fused);
      },
    };
    for (const node of nodes) if (!node.domain && !scope.taken(node)) visit(node, scope);
    return nodes.filter((n) => !removed.has(n)).map((n) => replaced.get(n) ?? n);
  };
}
