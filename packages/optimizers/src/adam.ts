import { adamStep, type FloatArray, Tensor } from '@scratchnet/tensor';
import { type Hyperparameters, Optimizer } from './optimizer';
import { checkBoolean, checkNumber } from './options';
import type { OptimizerParameter, ParameterState } from './parameter';

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

  /** Runs the active backend's fused `adamStep` kernel through tensor's op (js or native: bit-identical results). */
  protected update(_value: FloatArray, grad: FloatArray, state: ParameterState, param: Tensor): void {
    const { lr, betas, eps, weightDecay, amsgrad, maximize } = this.hyper;
    const moments = {
      expAvg: this.bufferTensor(state, 'expAvg', param),
      expAvgSq: this.bufferTensor(state, 'expAvgSq', param),
      maxExpAvgSq: amsgrad ? this.bufferTensor(state, 'maxExpAvgSq', param) : null,
    };
    // The gradient's array seen as a tensor of the parameter's shape (no copy).
    adamStep(param, new Tensor(grad, param.shape), moments, {
      lr,
      beta1: betas[0],
      beta2: betas[1],
      eps,
      weightDecay,
      decoupledWeightDecay: this.decoupledWeightDecay,
      amsgrad,
      maximize,
      step: state.step,
    });
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
