import type { FloatArray, Tensor } from '@scratchnet/tensor';
import { lerp } from './lerp';
import { type Hyperparameters, Optimizer } from './optimizer';
import { checkBoolean, checkNumber } from './options';
import { effectiveGradient, type OptimizerParameter, type ParameterState } from './parameter';

export interface AdamOptions {
  lr?: number;
  betas?: readonly [number, number];
  eps?: number;
  weightDecay?: number;
  amsgrad?: boolean;
  maximize?: boolean;
}

interface AdamHyperparameters extends Hyperparameters {
  betas: [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
}

/**
 * PyTorch's Adam (single-tensor path, float lr): m = lerp(m, g, 1 - b1),
 * v = b2 * v + (1 - b2) * g * g, denom = sqrt(v) / sqrt(1 - b2^t) + eps,
 * p -= (lr / (1 - b1^t)) * m / denom. Weight decay is L2 (added to g) here and
 * decoupled (p *= 1 - lr * wd first) in AdamW.
 */
export class Adam extends Optimizer<AdamHyperparameters> {
  protected readonly bufferNames = ['expAvg', 'expAvgSq', 'maxExpAvgSq'];

  constructor(params: Iterable<OptimizerParameter>, options: AdamOptions = {}) {
    super(params, options);
  }

  override get name(): string {
    return 'Adam';
  }

  protected get decoupledWeightDecay(): boolean {
    return false;
  }

  protected parse(options: unknown): AdamHyperparameters {
    const o = options as AdamOptions;
    const betas = o.betas ?? [0.9, 0.999];
    if (!Array.isArray(betas) || betas.length !== 2) {
      throw new Error(`${this.name}: option betas must be a pair [beta1, beta2], got ${String(betas)}`);
    }
    const unit = { max: 1, below: true };
    return {
      lr: checkNumber(this.name, 'lr', o.lr ?? 1e-3),
      betas: [
        checkNumber(this.name, 'betas[0]', betas[0], unit),
        checkNumber(this.name, 'betas[1]', betas[1], unit),
      ],
      eps: checkNumber(this.name, 'eps', o.eps ?? 1e-8),
      weightDecay: checkNumber(
        this.name,
        'weightDecay',
        o.weightDecay ?? (this.decoupledWeightDecay ? 1e-2 : 0),
      ),
      amsgrad: checkBoolean(this.name, 'amsgrad', o.amsgrad ?? false),
      maximize: checkBoolean(this.name, 'maximize', o.maximize ?? false),
    };
  }

  protected update(value: FloatArray, grad: FloatArray, state: ParameterState, param: Tensor): void {
    const { lr, betas, eps, weightDecay, amsgrad, maximize } = this.hyper;
    const [beta1, beta2] = betas;
    const m = this.buffer(state, 'expAvg', param);
    const v = this.buffer(state, 'expAvgSq', param);
    const vMax = amsgrad ? this.buffer(state, 'maxExpAvgSq', param) : v;
    const stepSize = lr / (1 - beta1 ** state.step);
    const bias2Sqrt = (1 - beta2 ** state.step) ** 0.5;
    const decoupled = this.decoupledWeightDecay;
    const coupledDecay = decoupled ? 0 : weightDecay;
    const shrink = decoupled && weightDecay !== 0 ? 1 - lr * weightDecay : 1;
    for (let j = 0; j < value.length; j++) {
      if (shrink !== 1) value[j] = value[j] * shrink;
      const g = effectiveGradient(grad[j], value[j], coupledDecay, maximize);
      m[j] = lerp(m[j], g, 1 - beta1);
      v[j] = v[j] * beta2 + (1 - beta2) * g * g;
      if (amsgrad) vMax[j] = Math.max(vMax[j], v[j]);
      const denom = Math.sqrt(vMax[j]) / bias2Sqrt + eps;
      value[j] = value[j] + -stepSize * (m[j] / denom);
    }
  }
}

export type AdamWOptions = AdamOptions;

/** PyTorch's AdamW: Adam with decoupled weight decay (default 1e-2). */
export class AdamW extends Adam {
  override get name(): string {
    return 'AdamW';
  }

  protected override get decoupledWeightDecay(): boolean {
    return true;
  }
}
