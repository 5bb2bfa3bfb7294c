import type { FloatArray, Tensor } from '@scratchnet/tensor';
import { lerp } from './lerp';
import { type Hyperparameters, Optimizer } from './optimizer';
import { checkBoolean, checkNumber } from './options';
import { effectiveGradient, type OptimizerParameter, type ParameterState } from './parameter';

export interface RMSpropOptions {
  lr?: number;
  alpha?: number;
  eps?: number;
  weightDecay?: number;
  momentum?: number;
  centered?: boolean;
  maximize?: boolean;
}

type RMSpropHyperparameters = Required<RMSpropOptions> & Hyperparameters;

/**
 * PyTorch's RMSprop (single-tensor path): v = alpha * v + (1 - alpha) * g * g;
 * centered: a = lerp(a, g, 1 - alpha), avg = sqrt(v - a * a) + eps, else sqrt(v) + eps;
 * with momentum b = momentum * b + g / avg and p -= lr * b, else p -= lr * g / avg.
 */
export class RMSprop extends Optimizer<RMSpropHyperparameters> {
  protected readonly bufferNames = ['squareAvg', 'momentumBuffer', 'gradAvg'];

  constructor(params: Iterable<OptimizerParameter>, options: RMSpropOptions = {}) {
    super(params, options);
  }

  override get name(): string {
    return 'RMSprop';
  }

  protected parse(options: unknown): RMSpropHyperparameters {
    const o = options as RMSpropOptions;
    return {
      lr: checkNumber(this.name, 'lr', o.lr ?? 1e-2),
      alpha: checkNumber(this.name, 'alpha', o.alpha ?? 0.99, { max: 1 }),
      eps: checkNumber(this.name, 'eps', o.eps ?? 1e-8),
      weightDecay: checkNumber(this.name, 'weightDecay', o.weightDecay ?? 0),
      momentum: checkNumber(this.name, 'momentum', o.momentum ?? 0),
      centered: checkBoolean(this.name, 'centered', o.centered ?? false),
      maximize: checkBoolean(this.name, 'maximize', o.maximize ?? false),
    };
  }

  protected update(value: FloatArray, grad: FloatArray, state: ParameterState, param: Tensor): void {
    const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = this.hyper;
    const v = this.buffer(state, 'squareAvg', param);
    const a = centered ? this.buffer(state, 'gradAvg', param) : undefined;
    const b = momentum > 0 ? this.buffer(state, 'momentumBuffer', param) : undefined;
    for (let j = 0; j < value.length; j++) {
      const g = effectiveGradient(grad[j], value[j], weightDecay, maximize);
      v[j] = v[j] * alpha + (1 - alpha) * g * g;
      let avg: number;
      if (a) {
        a[j] = lerp(a[j], g, 1 - alpha);
        avg = Math.sqrt(v[j] + -1 * a[j] * a[j]) + eps;
      } else {
        avg = Math.sqrt(v[j]) + eps;
      }
      if (b) {
        b[j] = b[j] * momentum + g / avg;
        value[j] = value[j] + -lr * b[j];
      } else {
        value[j] = value[j] + -lr * (g / avg);
      }
    }
  }
}
