import type { Layer } from '@scratchnet/layers';
import type { importOnnx } from '@scratchnet/onnx';
import { type FloatArray, formatShape, softmax, Tensor } from '@scratchnet/tensor';
import { deserializeModel } from '@scratchnet/train';
import type { ModelFile } from '../worker/protocol';

/** A model rebuilt from model.json + safetensors bytes, or imported from an ONNX file. */
export type PageModel = ReturnType<typeof deserializeModel> | ReturnType<typeof importOnnx>;

/**
 * The model in a file the page was given: the CLI's two files, or an ONNX model (its initializers
 * become parameters; it must take [N, 1, 28, 28] and give 10 class scores). @scratchnet/onnx is
 * loaded the first time an ONNX file is, so the page does not fetch it otherwise.
 */
export async function modelFromFile(file: ModelFile, name: string): Promise<PageModel> {
  if (!('onnx' in file)) return deserializeModel(file.json, file.weights, name);
  const { importOnnx } = await import('@scratchnet/onnx');
  return importOnnx(file.onnx);
}

const asInput = (image: Float32Array) => new Tensor(image.slice(), [1, 1, 28, 28]);

/** Class probabilities (softmax of the logits) for one 28 x 28 image in [0, 1]. */
export function classify(model: PageModel, image: Float32Array): Float32Array {
  model.eval();
  const logits = model.forward(asInput(image), { training: false });
  if (logits.size !== 10) {
    throw new Error(`the model outputs ${formatShape(logits.shape)}, not 10 class scores for one image`);
  }
  return Float32Array.from(softmax(logits, 1).data);
}

export interface Tiles {
  blocks: Float32Array[];
  width: number;
  height: number;
}

export interface FirstLayerView {
  layer: string;
  /** Weights drawn as images: conv filters, or a Linear unit's 784 input weights as 28 x 28. */
  filters: Tiles;
  /** The first convolution's output (after its ReLU, if one follows) for the input image. */
  maps?: Tiles;
}

const MAX_TILES = 32;

/** The first rows of a [count, size] array, at most MAX_TILES of them. */
function rows(data: FloatArray, count: number, size: number): Float32Array[] {
  return Array.from({ length: Math.min(count, MAX_TILES) }, (_, i) =>
    Float32Array.from(data.subarray(i * size, (i + 1) * size)),
  );
}

function layersOf(model: PageModel): readonly Layer[] {
  return (model as { layers?: readonly Layer[] }).layers ?? [model];
}

function weightOf(layer: Layer): Tensor | undefined {
  return layer.parameters().find((p) => p.name === 'weight')?.value;
}

/** The first Conv2d's filters and feature maps, or (for an MLP) the first Linear layer's weights as images. */
export function firstLayerView(model: PageModel, image: Float32Array): FirstLayerView | undefined {
  const layers = layersOf(model);
  const index = layers.findIndex((l) => l.kind === 'Conv2d' || l.kind === 'Linear');
  const layer = layers[index];
  const weight = layer && weightOf(layer);
  if (!weight) return undefined;
  if (layer.kind === 'Linear') {
    const [units, inputs] = weight.shape;
    if (inputs !== 28 * 28) return undefined;
    return {
      layer: String(layer),
      filters: { blocks: rows(weight.data, units, inputs), width: 28, height: 28 },
    };
  }
  const [outC, inC, kH, kW] = weight.shape;
  // Only each filter's first input channel is drawn (the presets' first convolution has one).
  const filters = {
    blocks: rows(weight.data, outC, inC * kH * kW).map((f) => f.subarray(0, kH * kW)),
    width: kW,
    height: kH,
  };
  model.eval();
  const upTo = layers[index + 1]?.kind === 'ReLU' ? index + 1 : index;
  let x = asInput(image);
  for (const l of layers.slice(0, upTo + 1)) x = l.forward(x, { training: false });
  const [, channels, h, w] = x.shape;
  return {
    layer: String(layer),
    filters,
    maps: { blocks: rows(x.data, channels, h * w), width: w, height: h },
  };
}
