import { type DType, type RngOptions, resolveRng, type Tensor, validateShape } from '@scratchnet/tensor';
import { checkInitScheme, fansOf, type InitScheme, initBias, initWeight } from './init';
import { BaseLayer } from './layer';
import { jsonOptions } from './layer-config';
import { createParameter, type Parameter } from './parameter';
import { checkDtypeArg, optionsObject } from './validate-args';

export interface WeightedLayerOptions extends RngOptions {
  bias?: boolean;
  dtype?: DType;
  init?: InitScheme;
}

/**
 * Shared by Linear, Conv2d and ConvTranspose2d: a weight [out, in, …kernel] and an optional bias
 * [biasLength] (default out, the weight's first dimension), both of the
 * layer's dtype, initialised by `init` from `rng`, else a generator made from `seed`, else the global
 * generator (see `manualSeed`); inputs must match the dtype.
 */
export abstract class WeightedLayer<Cache = Tensor> extends BaseLayer<Cache> {
  readonly dtype: DType;
  readonly weight: Parameter;
  readonly bias: Parameter | null;

  /** `label` names the layer in errors raised before the subclass has set its own fields. */
  constructor(
    label: string,
    weightShape: readonly number[],
    options: WeightedLayerOptions,
    biasLength = weightShape[0],
  ) {
    super();
    const { bias = true, dtype = 'float32', init = 'default' } = optionsObject(label, options);
    this.dtype = checkDtypeArg(label, dtype);
    const scheme = checkInitScheme(label, init);
    const rng = resolveRng(label, options);
    validateShape(label, weightShape, 'weight');
    this.weight = createParameter('weight', initWeight(weightShape, scheme, rng, dtype));
    const fanIn = fansOf(weightShape).fanIn;
    this.bias = bias ? createParameter('bias', initBias(biasLength, fanIn, scheme, rng, dtype)) : null;
  }

  /** The options as config() stores them: those given (without `rng`), `resolved`, and the bias, dtype and init in effect. */
  protected storedOptions(options: WeightedLayerOptions, resolved: object = {}) {
    const inEffect = { bias: this.bias !== null, dtype: this.dtype, init: options.init ?? 'default' };
    return jsonOptions({ ...options, ...resolved, ...inEffect });
  }

  override parameters(): Parameter[] {
    return this.bias ? [this.weight, this.bias] : [this.weight];
  }

  protected checkInput(x: Tensor): void {
    this.outputShape(x.shape);
    this.checkDtype(x, this.dtype);
  }
}
