import { formatShape, formatValue, type Tensor } from '@scratchnet/tensor';
import type { Layer } from './layer';
import type { JsonValue, LayerConfig } from './layer-config';
import { type NamedBuffer, type Parameter, renamedParameter } from './parameter';
import { sameShape } from './same-shape';

/**
 * The named sub-layers of a container, in order, composing names as PyTorch's nested modules do:
 * a child "conv1" contributes "conv1.weight"; the positional children of `new Sequential(a, b)`
 * are named "0", "1". A child named "" lends its parameters unprefixed (a body inlined in its parent).
 */
export type NamedChildren = ReadonlyArray<readonly [string, Layer]>;

export function isLayer(value: unknown): value is Layer {
  const layer = value as Layer | null | undefined;
  return !!layer && typeof layer.forward === 'function' && typeof layer.backward === 'function';
}

/** A plain object of one or more named layers (`{ conv1, bn1 }`), as containers take children by name. */
export function isLayerRecord(value: unknown): value is Record<string, Layer> {
  if (!value || typeof value !== 'object' || isLayer(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && Object.keys(value).length > 0;
}

/** Children from a list (named by position) or a record (named by key), checked. */
export function namedChildren(
  owner: string,
  children: readonly Layer[] | Record<string, Layer>,
): NamedChildren {
  const entries = Array.isArray(children)
    ? children.map((layer, i) => [String(i), layer] as const)
    : Object.entries(children as Record<string, Layer>);
  for (const [name, layer] of entries) {
    if (!isLayer(layer))
      throw new Error(`${owner}: child ${formatValue(name)} is not a layer (got ${formatValue(layer)})`);
    if (name.length === 0 || name.includes('.')) {
      throw new Error(`${owner}: child name ${formatValue(name)} must be non-empty and contain no "."`);
    }
  }
  return entries;
}

const prefixed = (prefix: string, name: string) => (prefix ? `${prefix}.${name}` : name);

export function childParameters(children: NamedChildren): Parameter[] {
  return children.flatMap(([prefix, layer]) =>
    layer.parameters().map((p) => (prefix ? renamedParameter(prefixed(prefix, p.name), p) : p)),
  );
}

export function childBuffers(children: NamedChildren): NamedBuffer[] {
  return children.flatMap(([prefix, layer]) =>
    layer.buffers().map((b) => ({ ...b, name: prefixed(prefix, b.name) })),
  );
}

export function setChildrenTraining(children: NamedChildren, training: boolean): void {
  for (const [, layer] of children) layer.training = training;
}

/** The children's configs as JSON: a list for positional children, else `{ named: { name: config } }`. */
export function childrenConfig(children: NamedChildren, positional: boolean): JsonValue[] {
  const configs = children.map(([name, layer]) => [name, layer.config() as unknown as JsonValue] as const);
  return positional ? configs.map(([, c]) => c) : [{ named: Object.fromEntries(configs) }];
}

/** The inverse of childrenConfig: children's configs as a list or a record, for rebuilding. */
export function configsOfChildren(args: readonly JsonValue[]): LayerConfig[] | Record<string, LayerConfig> {
  const first = args[0] as { named?: Record<string, LayerConfig> } | undefined;
  if (args.length === 1 && first && typeof first === 'object' && !('kind' in first) && first.named) {
    return first.named;
  }
  return args as unknown as LayerConfig[];
}

/** The check every layer makes of dy: the shape (and dtype) of the output it belongs to. */
export function checkDy(
  owner: string,
  op: string,
  dy: Tensor,
  output: { shape: readonly number[]; dtype: string } | undefined,
): void {
  if (!output) throw new Error(`${owner}: ${op} called before forward`);
  if (!sameShape(dy.shape, output.shape)) {
    throw new Error(
      `${owner}: ${op} expected dy of the output shape ${formatShape(output.shape)}, got ${formatShape(dy.shape)}`,
    );
  }
  if (dy.dtype !== output.dtype)
    throw new Error(`${owner}: ${op} expected ${output.dtype} dy, got ${dy.dtype}`);
}

/** The parameter gradients of backward(dy) through `layer`, without its dx where it can skip it. */
export function childParameterGradients(layer: Layer, dy: Tensor): void {
  if (layer.parameters().length === 0) return;
  if (layer.backwardParameters) layer.backwardParameters(dy);
  else layer.backward(dy);
}
