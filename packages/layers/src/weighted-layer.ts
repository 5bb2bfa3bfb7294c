import { type DType, type RngOptions, resolveRng, type Tensor } from '@scratchnet/tensor';
import { checkInitScheme, fansOf, type InitScheme, initBias, initWeight } from './init';
import { BaseLayer } from './layer';
import { createParameter, type Parameter } from './parameter';
import { checkDtypeArg, optionsObject } from './validate-args';

export interface WeightedLayerOptions extends RngOptions {
  bias?: boolean;
  dtype?: DType;
  init?: InitScheme;
}

/**
 * Shared by Linear and Conv2d: a weight [out, in, …kernel] and an optional bias [out], both of the
 * layer's dtype, initialised by `init` from `rng`, else a generator made from `seed`, else the global
 * generator (see `manualSeed`); inputs must match the dtype.
 */
export abstract class WeightedLayer extends BaseLayer {
  readonly dtype: DType;
  readonly weight: Parameter;
  readonly bias: Parameter | null;

  /** `label` names the layer in errors raised before the subclass has set its own fields. */
  constructor(label: string, weightShape: readonly number[], options: WeightedLayerOptions) {
    super();
    const { bias = true, dtype = 'float32', init = 'default' } = optionsObject(label, options);
    this.dtype = checkDtypeArg(label, dtype);
    const scheme = checkInitScheme(label, init);
    const rng = resolveRng(label, options);
    this.weight = createParameter('weight', initWeight(weightShape, scheme, rng, dtype));
    const fanIn = fansOf(weightShape).fanIn;
    this.bias = bias ? createParameter('bias', initBias(weightShape[0], fanIn, scheme, rng, dtype)) : null;
  }

  override parameters(): Parameter[] {
    return this.bias ? [this.weight, this.bias] : [this.weight];
  }

  protected checkInput(x: Tensor): void {
    this.outputShape(x.shape);
    this.checkDtype(x, this.dtype);
  }
}
