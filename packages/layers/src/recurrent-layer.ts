import {
  type DType,
  formatShape,
  formatValue,
  MAX_TENSOR_ELEMENTS,
  type Rng,
  type RngOptions,
  resolveRng,
  Tensor,
  validateShape,
} from '@scratchnet/tensor';
import { BaseLayer, type ForwardOptions } from './layer';
import { jsonOptions } from './layer-config';
import { createParameter, type Parameter } from './parameter';
import type { RecurrentCell } from './recurrent-cell';
import type { DirectionParameters } from './recurrent-direction';
import {
  backwardStack,
  forwardStack,
  type StackCache,
  type StackSpec,
  type StackStates,
} from './recurrent-stack';
import { booleanArg, checkDtypeArg, optionsObject, positiveInteger } from './validate-args';

export interface RecurrentOptions extends RngOptions {
  numLayers?: number;
  /** bias_ih and bias_hh in every layer and direction. */
  bias?: boolean;
  /** Input and output [N, T, ·] instead of [T, N, ·]. The states stay [D·numLayers, N, H], as in PyTorch. */
  batchFirst?: boolean;
  /** Dropout probability on the outputs of every layer but the last, in training mode. */
  dropout?: number;
  bidirectional?: boolean;
  dtype?: DType;
}

/** `forward(x, { h0, c0 })`: initial states [D·numLayers, N, hiddenSize]; zeros when left out. */
export interface RecurrentForwardOptions extends ForwardOptions {
  h0?: Tensor;
  /** LSTM only: the initial cell state. */
  c0?: Tensor;
}

/** Final or initial states [D·numLayers, N, hiddenSize], PyTorch's h_n / c_n order; `c` is null for a GRU. */
export type RecurrentState = StackStates;

interface Cache {
  stack: StackCache;
}

const DEFAULTS = { numLayers: 1, bias: true, batchFirst: false, dropout: 0, bidirectional: false };

/**
 * The shared body of LSTM and GRU (PyTorch's nn.RNNBase): constructor arguments, the parameters
 * weight_ih_l{k}[_reverse] [G·H, in], weight_hh_l{k}[_reverse] [G·H, H], bias_ih_l{k}[_reverse] and
 * bias_hh_l{k}[_reverse] [G·H], all drawn from U(−1/√H, 1/√H), input checks and the states. The
 * cell gives the step; recurrent-stack.ts runs the layers and directions.
 */
export abstract class RecurrentLayer extends BaseLayer<Cache> {
  readonly kind: string;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  readonly dtype: DType;
  /** Draws the initial weights and the dropout masks; replace it with `createRng(seed)` to replay a mask. */
  rng: Rng;
  private readonly spec: StackSpec;
  private final: RecurrentState | null = null;
  private initialGrad: RecurrentState | null = null;

  protected constructor(
    kind: string,
    cell: RecurrentCell,
    inputSize: number,
    hiddenSize: number,
    rawOptions: RecurrentOptions,
  ) {
    super();
    positiveInteger(kind, 'inputSize', inputSize);
    positiveInteger(kind, 'hiddenSize', hiddenSize);
    const label = `${kind}(${inputSize}, ${hiddenSize})`;
    const options = optionsObject(label, rawOptions);
    const { numLayers, bias, batchFirst, dropout, bidirectional } = { ...DEFAULTS, ...options };
    this.kind = kind;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = positiveInteger(label, 'numLayers', numLayers);
    this.bias = booleanArg(label, 'bias', bias);
    this.batchFirst = booleanArg(label, 'batchFirst', batchFirst);
    this.bidirectional = booleanArg(label, 'bidirectional', bidirectional);
    if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1))
      throw new Error(`${label}: dropout must be a probability in [0, 1), got ${formatValue(dropout)}`);
    this.dropout = dropout;
    this.dtype = checkDtypeArg(label, options.dtype ?? 'float32');
    this.rng = resolveRng(label, options);
    this.checkParameterCount(label, cell.gateCount);
    this.spec = {
      cell,
      parameters: this.createParameters(cell.gateCount),
      hidden: hiddenSize,
      dropout,
      label,
    };
    this.configArgs = [
      inputSize,
      hiddenSize,
      jsonOptions({
        numLayers,
        bias,
        batchFirst,
        dropout,
        bidirectional,
        dtype: this.dtype,
        seed: options.rng ? undefined : options.seed,
      }),
    ];
  }

  private get directions(): number {
    return this.bidirectional ? 2 : 1;
  }

  /** The input width of layer k: the input for the first, the previous layer's directions after. */
  private layerInput(layer: number): number {
    return layer === 0 ? this.inputSize : this.directions * this.hiddenSize;
  }

  /** Refuses, before anything is allocated, a stack whose parameters together pass the element limit. */
  private checkParameterCount(label: string, gates: number): void {
    const width = gates * this.hiddenSize;
    const perDirection = (layer: number) =>
      width * (this.layerInput(layer) + this.hiddenSize) + (this.bias ? 2 * width : 0);
    const total = this.directions * (perDirection(0) + (this.numLayers - 1) * perDirection(1));
    if (total > MAX_TENSOR_ELEMENTS) {
      throw new Error(
        `${label}: numLayers ${this.numLayers} of hiddenSize ${this.hiddenSize} make ${total} parameters, more than the 2^${Math.log2(MAX_TENSOR_ELEMENTS)} elements a tensor may hold`,
      );
    }
  }

  private createParameters(gates: number): DirectionParameters[][] {
    const bound = 1 / Math.sqrt(this.hiddenSize);
    const label = `${this}`;
    const make = (name: string, shape: number[]) => {
      validateShape(label, shape, name);
      const value = Tensor.uniform(shape, { rng: this.rng, dtype: this.dtype, low: -bound, high: bound });
      return createParameter(name, value);
    };
    const width = gates * this.hiddenSize;
    return Array.from({ length: this.numLayers }, (_, layer) =>
      Array.from({ length: this.directions }, (_, d) => {
        const suffix = `_l${layer}${d === 1 ? '_reverse' : ''}`;
        return {
          weightIh: make(`weight_ih${suffix}`, [width, this.layerInput(layer)]),
          weightHh: make(`weight_hh${suffix}`, [width, this.hiddenSize]),
          biasIh: this.bias ? make(`bias_ih${suffix}`, [width]) : null,
          biasHh: this.bias ? make(`bias_hh${suffix}`, [width]) : null,
        };
      }),
    );
  }

  /** PyTorch's order: per layer, per direction, weight_ih, weight_hh, bias_ih, bias_hh. */
  override parameters(): Parameter[] {
    return this.spec.parameters
      .flat()
      .flatMap((p) => [p.weightIh, p.weightHh, p.biasIh, p.biasHh])
      .filter((p): p is Parameter => p !== null);
  }

  override toString(): string {
    const given: Record<string, unknown> = {
      numLayers: this.numLayers,
      bias: this.bias,
      batchFirst: this.batchFirst,
      dropout: this.dropout,
      bidirectional: this.bidirectional,
    };
    const extras = Object.entries(given)
      .filter(([key, value]) => value !== DEFAULTS[key as keyof typeof DEFAULTS])
      .map(([key, value]) => `, ${key}=${value}`)
      .join('');
    return `${this.kind}(${this.inputSize}, ${this.hiddenSize}${extras})`;
  }

  outputShape(inputShape: readonly number[]): number[] {
    const [a, b, features] = inputShape;
    // An empty batch too: the GEMMs of some backends refuse empty products.
    if (inputShape.length !== 3 || features !== this.inputSize || !(a >= 1 && b >= 1)) {
      const expected = this.batchFirst ? `[N, T, ${this.inputSize}]` : `[T, N, ${this.inputSize}]`;
      throw this.inputError(`${expected} (T, N >= 1, inputSize ${this.inputSize})`, inputShape);
    }
    return [a, b, this.directions * this.hiddenSize];
  }

  protected checkInput(x: Tensor): void {
    const [a, b] = this.outputShape(x.shape);
    this.checkDtype(x, this.dtype);
    // The largest array a pass makes, [T·N, G·H], refused before any work.
    validateShape(`${this}`, [a * b, this.spec.cell.gateCount * this.hiddenSize], 'the gate products');
  }

  override forward(x: Tensor, options?: RecurrentForwardOptions): Tensor {
    return super.forward(x, options);
  }

  /** A given h0 / c0 checked against [D·numLayers, N, hiddenSize] and the dtype; null when absent. */
  private initialState(name: 'h0' | 'c0', value: unknown, batch: number): Tensor | null {
    if (value === undefined) return null;
    if (name === 'c0' && !this.spec.cell.hasCellState)
      throw new Error(`${this}: c0 is an LSTM's cell state; a ${this.kind} has none`);
    const t = value as Tensor;
    if (!t || !Array.isArray(t.shape) || !(t.data instanceof Float32Array || t.data instanceof Float64Array))
      throw new Error(`${this}: ${name} must be a Tensor, got ${Object.prototype.toString.call(value)}`);
    const expected = [this.directions * this.numLayers, batch, this.hiddenSize];
    if (t.shape.length !== 3 || t.shape.some((d, i) => d !== expected[i])) {
      throw new Error(
        `${this}: ${name} must have shape [directions·numLayers, N, hiddenSize] = ${formatShape(expected)}, got ${formatShape(t.shape)}`,
      );
    }
    if (t.dtype !== this.dtype)
      throw new Error(`${this}: ${name} must be ${this.dtype} (the dtype of its parameters), got ${t.dtype}`);
    return t;
  }

  protected forwardPass(x: Tensor, training: boolean, options: RecurrentForwardOptions): [Tensor, Cache] {
    const sequence = this.batchFirst ? x.permute([1, 0, 2]) : x;
    const [steps, batch] = sequence.shape;
    const initial = {
      h: this.initialState('h0', options.h0, batch),
      c: this.initialState('c0', options.c0, batch),
    };
    const rows = sequence.reshape([steps * batch, this.inputSize]);
    const run = forwardStack(this.spec, { rows, steps, batch }, initial, { training, rng: this.rng });
    this.final = run.last;
    const y = run.y.reshape([steps, batch, this.directions * this.hiddenSize]);
    return [this.batchFirst ? y.permute([1, 0, 2]) : y, { stack: run.cache }];
  }

  /** dL/dx, or null when `inputGradient` is false; keeps the initial states' gradients. */
  private backThrough(dy: Tensor, cache: Cache, inputGradient: boolean): Tensor | null {
    const sequence = this.batchFirst ? dy.permute([1, 0, 2]) : dy;
    const [steps, batch, width] = sequence.shape;
    const { dx, initial } = backwardStack(
      this.spec,
      cache.stack,
      sequence.reshape([steps * batch, width]),
      inputGradient,
    );
    this.initialGrad = initial;
    if (!dx) return null;
    const shaped = dx.reshape([steps, batch, this.inputSize]);
    return this.batchFirst ? shaped.permute([1, 0, 2]) : shaped;
  }

  protected backwardPass(dy: Tensor, cache: Cache): Tensor {
    return this.backThrough(dy, cache, true) as Tensor;
  }

  protected override parameterGradients(dy: Tensor, cache: Cache): void {
    this.backThrough(dy, cache, false);
  }

  /**
   * h_n (and c_n) of the last forward: [D·numLayers, N, hiddenSize]. Read-only as far as gradients go:
   * backward starts from dL/dy alone (LastStep reaches h_n of the last layer's forward direction through y).
   */
  lastState(): RecurrentState {
    if (!this.final) throw new Error(`${this}: lastState() called before forward`);
    return this.final;
  }

  /** dL/dh0 (and dL/dc0) of the last backward, zeros included when no initial state was given. */
  initialStateGrad(): RecurrentState {
    if (!this.initialGrad) throw new Error(`${this}: initialStateGrad() called before backward`);
    return this.initialGrad;
  }
}
