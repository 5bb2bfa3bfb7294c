import { type DType, formatValue, type Rng, Tensor } from '@scratchnet/tensor';

/**
 * Weight initialisation schemes:
 * - 'default': PyTorch's Linear/Conv2d reset_parameters — kaiming_uniform_(a = sqrt(5)) for
 *   the weight, uniform(-1/sqrt(fanIn), 1/sqrt(fanIn)) for the bias.
 * - 'xavier': xavier_uniform_ (gain 1), bias zeros.
 * - 'he': kaiming_normal_(mode 'fan_in', nonlinearity 'relu'), bias zeros.
 */
export type InitScheme = 'default' | 'xavier' | 'he';

export const INIT_SCHEMES: readonly InitScheme[] = ['default', 'xavier', 'he'];

export interface Fans {
  fanIn: number;
  fanOut: number;
}

/** As torch.nn.init._calculate_fan_in_and_fan_out: dims 1 and 0 times the receptive field. */
export function fansOf(weightShape: readonly number[]): Fans {
  const receptive = weightShape.slice(2).reduce((p, d) => p * d, 1);
  return { fanIn: weightShape[1] * receptive, fanOut: weightShape[0] * receptive };
}

export function checkInitScheme(layer: string, init: unknown): InitScheme {
  if (!INIT_SCHEMES.includes(init as InitScheme)) {
    throw new Error(`${layer}: init must be one of ${INIT_SCHEMES.join(', ')}, got ${formatValue(init)}`);
  }
  return init as InitScheme;
}

export function initWeight(shape: readonly number[], scheme: InitScheme, rng: Rng, dtype: DType): Tensor {
  const { fanIn, fanOut } = fansOf(shape);
  if (scheme === 'he') return Tensor.randn(shape, { rng, dtype, std: Math.SQRT2 / Math.sqrt(fanIn) });
  let bound: number;
  if (scheme === 'xavier') bound = Math.sqrt(6 / (fanIn + fanOut));
  else {
    // kaiming_uniform_(a = sqrt(5)): gain = sqrt(2 / (1 + a^2)), std = gain / sqrt(fanIn), bound = sqrt(3) * std.
    const a = Math.sqrt(5);
    const gain = Math.sqrt(2 / (1 + a * a));
    bound = Math.sqrt(3) * (gain / Math.sqrt(fanIn));
  }
  return Tensor.uniform(shape, { rng, dtype, low: -bound, high: bound });
}

export function initBias(length: number, fanIn: number, scheme: InitScheme, rng: Rng, dtype: DType): Tensor {
  if (scheme !== 'default') return Tensor.zeros([length], { dtype });
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  return Tensor.uniform([length], { rng, dtype, low: -bound, high: bound });
}
