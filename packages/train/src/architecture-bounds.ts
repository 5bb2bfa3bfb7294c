import type { LayerConfig } from '@scratchnet/layers';

/** Deeper than any real network; past it a hostile file could overflow the stack while building. */
export const MAX_ARCHITECTURE_DEPTH = 64;

type Args = readonly unknown[];
const num = (v: unknown) => (typeof v === 'number' ? v : 0);
const kernelArea = (k: unknown) => (Array.isArray(k) ? num(k[0]) * num(k[1]) : num(k) * num(k));
const groupsOf = (options: unknown) =>
  Math.max(1, num((options as { groups?: unknown } | null)?.groups) || 1);
const sizeOf = (shape: unknown) =>
  Array.isArray(shape) ? shape.reduce((p: number, d) => p * num(d), 1) : num(shape);

/** LSTM (4 gates) and GRU (3): per layer and direction, weight_ih, weight_hh and two biases. */
const recurrent =
  (gates: number) =>
  ([inputSize, hidden, options]: Args) => {
    const { numLayers, bidirectional, bias } = (options ?? {}) as Record<string, unknown>;
    const directions = bidirectional === true ? 2 : 1;
    const [h, layers] = [num(hidden), Math.max(1, num(numLayers))];
    const perDirection = (input: number) => gates * h * (input + h + (bias === false ? 0 : 2));
    return directions * (perDirection(num(inputSize)) + (layers - 1) * perDirection(directions * h));
  };

/** Parameters (weights + biases + running statistics) of the built-in layers that hold any. */
const PARAMETERS: Record<string, (args: Args) => number> = {
  Linear: ([inF, outF]) => num(inF) * num(outF) + num(outF),
  Conv2d: ([inC, outC, k, options]) => (num(inC) / groupsOf(options)) * num(outC) * kernelArea(k) + num(outC),
  ConvTranspose2d: ([inC, outC, k, options]) =>
    num(inC) * (num(outC) / groupsOf(options)) * kernelArea(k) + num(outC),
  BatchNorm1d: ([features]) => 4 * num(features),
  BatchNorm2d: ([features]) => 4 * num(features),
  LayerNorm: ([shape]) => 2 * sizeOf(shape),
  GroupNorm: ([, channels]) => 2 * num(channels),
  Embedding: ([count, dim]) => num(count) * num(dim),
  LSTM: recurrent(4),
  GRU: recurrent(3),
  // in_proj_weight [3E, E], in_proj_bias, out_proj (a Linear E -> E).
  MultiheadAttention: ([embedDim]) => 4 * num(embedDim) * num(embedDim) + 4 * num(embedDim),
  TransformerEncoderLayer: ([dModel, , options]) => {
    const [d, ff] = [
      num(dModel),
      num((options as { dimFeedforward?: unknown } | null)?.dimFeedforward) || 2048,
    ];
    return 4 * d * d + 4 * d + 2 * d * ff + ff + d + 4 * d;
  },
  PositionalEmbedding: ([length, dim]) => num(length) * num(dim),
  PatchEmbedding: ([inC, embedDim, patch]) => num(inC) * num(embedDim) * kernelArea(patch) + num(embedDim),
  ClassToken: ([dim]) => num(dim),
};

const isLayerConfig = (value: object): value is LayerConfig =>
  typeof (value as LayerConfig).kind === 'string' && Array.isArray((value as LayerConfig).args);

/**
 * The layer configs nested in a config's args, found at any depth of plain JSON without recursion:
 * containers keep their children in lists (Sequential), records (`{ named }`, Residual's body) or
 * node objects (Graph).
 */
function children(config: LayerConfig): unknown[] {
  const found: unknown[] = [];
  const stack: unknown[] = Array.isArray(config.args) ? [...config.args] : [];
  while (stack.length > 0) {
    const value = stack.pop();
    if (!value || typeof value !== 'object') continue;
    if (isLayerConfig(value)) found.push(value);
    else for (const inner of Array.isArray(value) ? value : Object.values(value)) stack.push(inner);
  }
  return found;
}

/** Throws when `architecture` nests containers more than MAX_ARCHITECTURE_DEPTH deep (checked without recursion). */
export function checkArchitectureDepth(architecture: LayerConfig, source: string): void {
  const stack: [unknown, number][] = [[architecture, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (depth > MAX_ARCHITECTURE_DEPTH) {
      throw new Error(
        `${source}: the architecture is nested more than ${MAX_ARCHITECTURE_DEPTH} levels deep`,
      );
    }
    if (node && typeof node === 'object')
      for (const child of children(node as LayerConfig)) stack.push([child, depth + 1]);
  }
}

/**
 * The parameter count the built-in layers of `architecture` declare (custom kinds count 0), so that
 * a model file asking for far more memory than its weights file holds is refused before allocating.
 */
export function declaredParameters(architecture: LayerConfig): number {
  let total = 0;
  const stack: unknown[] = [architecture];
  while (stack.length > 0) {
    const node = stack.pop() as LayerConfig | null;
    if (!node || typeof node !== 'object') continue;
    stack.push(...children(node));
    const count =
      Object.hasOwn(PARAMETERS, node.kind) && Array.isArray(node.args) ? PARAMETERS[node.kind](node.args) : 0;
    if (count > 0) total += count;
  }
  return total;
}
