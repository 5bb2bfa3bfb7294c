import { formatValue, type RngOptions } from '@scratchnet/tensor';
import { AdaptiveAvgPool2d } from './adaptive-avg-pool2d';
import { AvgPool2d } from './avg-pool2d';
import { BatchNorm1d } from './batch-norm1d';
import { BatchNorm2d } from './batch-norm2d';
import { configsOfChildren } from './children';
import { ClassToken } from './class-token';
import { Concat } from './concat';
import { ConvTranspose2d } from './conv-transpose2d';
import { Conv2d } from './conv2d';
import { Dropout } from './dropout';
import { Dropout2d } from './dropout2d';
import { Embedding } from './embedding';
import { Flatten } from './flatten';
import { GELU } from './gelu';
import { GlobalAvgPool2d } from './global-avg-pool2d';
import { Graph, type GraphNode, type GraphSpec } from './graph';
import { GroupNorm } from './group-norm';
import { GRU } from './gru';
import { Identity } from './identity';
import { LastStep } from './last-step';
import type { Layer } from './layer';
import type { JsonValue, LayerConfig } from './layer-config';
import { LayerNorm } from './layer-norm';
import { LeakyReLU } from './leaky-relu';
import { Linear } from './linear';
import { LogSoftmax } from './log-softmax-layer';
import { LSTM } from './lstm';
import { MaxPool2d } from './max-pool2d';
import { MultiheadAttention } from './multihead-attention';
import { PatchEmbedding } from './patch-embedding';
import { Permute } from './permute';
import { PositionalEmbedding } from './positional-embedding';
import { ReLU } from './relu';
import { Reshape } from './reshape';
import { Residual } from './residual';
import { Sequential } from './sequential';
import { Sigmoid } from './sigmoid';
import { Softmax } from './softmax-layer';
import { Tanh } from './tanh';
import { TokenPool } from './token-pool';
import { TransformerEncoderLayer } from './transformer-encoder-layer';
import { Upsample } from './upsample';
import { optionsObject } from './validate-args';

/** Rebuilds a layer from its config args; `random` (if given) replaces any stored seed. */
export type LayerFactory = (args: JsonValue[], random: RngOptions) => Layer;

// biome-ignore lint/suspicious/noExplicitAny: constructor arguments come from JSON and are validated by each constructor.
type AnyArgs = any[];

/** Spreads the JSON args into the constructor, merging the random source into the trailing options. */
function construct(Ctor: new (...args: AnyArgs) => Layer, optionsIndex: number | null): LayerFactory {
  return (args, random) => {
    const list: AnyArgs = [...args];
    if (optionsIndex !== null && (random.rng !== undefined || random.seed !== undefined)) {
      const stored = (list[optionsIndex] ?? {}) as Record<string, unknown>;
      const { seed: _ignored, ...rest } = stored;
      list[optionsIndex] = { ...rest, ...random };
    }
    return new Ctor(...list);
  };
}

/** Layers whose constructors take no random source: their args are spread as they are. */
const activations = { ReLU, LeakyReLU, Sigmoid, Tanh, GELU, Softmax, LogSoftmax };
const reshapers = {
  Identity,
  Flatten,
  Reshape,
  Permute,
  TokenPool,
  ClassToken,
  MaxPool2d,
  AvgPool2d,
  GlobalAvgPool2d,
  AdaptiveAvgPool2d,
  Upsample,
  LastStep,
};
const normalizers = { BatchNorm1d, BatchNorm2d, LayerNorm, GroupNorm };

/** kind -> factory. Add your own layer with `registerLayer`. */
export const layerRegistry: Record<string, LayerFactory> = {
  ...Object.fromEntries(
    Object.entries({ ...activations, ...reshapers, ...normalizers }).map(([kind, Ctor]) => [
      kind,
      construct(Ctor, null),
    ]),
  ),
  // The index of the options argument that receives the random source.
  Linear: construct(Linear, 2),
  Conv2d: construct(Conv2d, 3),
  ConvTranspose2d: construct(ConvTranspose2d, 3),
  Dropout: construct(Dropout, 1),
  Dropout2d: construct(Dropout2d, 1),
  Embedding: construct(Embedding, 2),
  LSTM: construct(LSTM, 2),
  GRU: construct(GRU, 2),
  PositionalEmbedding: construct(PositionalEmbedding, 2),
  PatchEmbedding: construct(PatchEmbedding, 3),
  MultiheadAttention: construct(MultiheadAttention, 2),
  TransformerEncoderLayer: construct(TransformerEncoderLayer, 2),
  Sequential: (args, random) => {
    const children = childrenFromConfig(args, random);
    return Array.isArray(children) ? new Sequential(...children) : new Sequential(children);
  },
  Residual: (args, random) => {
    const [body, rawOptions] = args as unknown as [
      { named?: JsonValue; layer?: LayerConfig },
      ResidualConfigOptions?,
    ];
    const options = optionsObject('Residual', rawOptions);
    const built = body?.layer
      ? layerFromConfig(body.layer, random)
      : childrenFromConfig([body as JsonValue], random);
    const child = (config: LayerConfig | null | undefined) =>
      config ? layerFromConfig(config, random) : null;
    return new Residual(built as Layer | Record<string, Layer>, {
      shortcut: child(options.shortcut),
      shortcutName: options.shortcutName,
      activation: child(options.activation),
    });
  },
  Graph: (args, random) => {
    const spec = (args[0] ?? {}) as unknown as GraphSpec & { nodes: (GraphNode & { layer?: LayerConfig })[] };
    const nodes = (Array.isArray(spec.nodes) ? spec.nodes : []).map((node) =>
      node && typeof node === 'object' && 'layer' in node && node.layer
        ? { ...node, layer: layerFromConfig(node.layer as unknown as LayerConfig, random) }
        : node,
    );
    return new Graph({ ...spec, nodes: nodes as GraphNode[] });
  },
  Concat: (args, random) =>
    new Concat(childrenFromConfig(args.slice(0, -1), random), (args.at(-1) ?? {}) as { dim?: number }),
};

interface ResidualConfigOptions {
  shortcut?: LayerConfig | null;
  shortcutName?: string;
  activation?: LayerConfig | null;
}

/** A container's children rebuilt from their configs: a list, or a record of named children. */
function childrenFromConfig(args: readonly JsonValue[], random: RngOptions): Layer[] | Record<string, Layer> {
  const configs = configsOfChildren(args);
  if (Array.isArray(configs)) return configs.map((child) => layerFromConfig(child, random));
  return Object.fromEntries(
    Object.entries(configs).map(([name, child]) => [name, layerFromConfig(child, random)]),
  );
}

export function registerLayer(kind: string, factory: LayerFactory): void {
  if (typeof kind !== 'string' || kind.length === 0)
    throw new Error('registerLayer: kind must be a non-empty string');
  layerRegistry[kind] = factory;
}

/**
 * Rebuilds a layer (or a whole Sequential) from `layer.config()`. Layers with random
 * initialisation use `random` ({ rng } or { seed }) when given, else the seed stored in their
 * config, else the global generator — the weights are normally overwritten by `loadStateDict` right after.
 */
export function layerFromConfig(config: LayerConfig, random: RngOptions = {}): Layer {
  if (!config || typeof config.kind !== 'string' || !Array.isArray(config.args)) {
    throw new Error(
      `layerFromConfig: expected { kind: string, args: [...] }, got ${formatValue(config, 80)}`,
    );
  }
  const factory = Object.hasOwn(layerRegistry, config.kind) ? layerRegistry[config.kind] : undefined;
  if (!factory) {
    throw new Error(
      `layerFromConfig: unknown layer kind ${formatValue(config.kind)}; known kinds: ${Object.keys(layerRegistry).join(', ')}`,
    );
  }
  return factory(config.args, random);
}
