import type { FloatArray, Tensor } from '@scratchnet/tensor';
import { type Hyperparameters, Optimizer } from './optimizer';
import { checkBoolean, checkNumber } from './options';
import { effectiveGradient, type OptimizerParameter, type ParameterState } from './parameter';

export interface SGDOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
  weightDecay?: number;
  maximize?: boolean;
}

type SGDHyperparameters = Required<SGDOptions> & Hyperparameters;

/**
 * PyTorch's SGD (single-tensor path): g = grad + wd * p; with momentum the buffer
 * starts as g (no dampening on the first step), then b = m * b + (1 - dampening) * g;
 * the step is g + m * b (nesterov) or b; p -= lr * step.
 */
export class SGD extends Optimizer<SGDHyperparameters> {
  protected readonly bufferNames = ['momentumBuffer'];

  constructor(params: Iterable<OptimizerParameter>, options: SGDOptions) {
    super(params, options);
  }

  override get name(): string {
    return 'SGD';
  }

  protected parse(options: unknown): SGDHyperparameters {
    const o = options as Partial<SGDOptions>;
    const hyper = {
      lr: checkNumber(this.name, 'lr', o.lr),
      momentum: checkNumber(this.name, 'momentum', o.momentum ?? 0),
      dampening: checkNumber(this.name, 'dampening', o.dampening ?? 0, { max: 1 }),
      nesterov: checkBoolean(this.name, 'nesterov', o.nesterov ?? false),
      weightDecay: checkNumber(this.name, 'weightDecay', o.weightDecay ?? 0),
      maximize: checkBoolean(this.name, 'maximize', o.maximize ?? false),
    };
    if (hyper.nesterov && (hyper.momentum <= 0 || hyper.dampening !== 0)) {
      throw new Error(
        `${this.name}: nesterov requires momentum > 0 and dampening 0, got momentum ${hyper.momentum} and dampening ${hyper.dampening}`,
      );
    }
    return hyper;
  }

  protected update(value: FloatArray, grad: FloatArray, state: ParameterState, param: Tensor): void {
    const { lr, momentum, dampening, nesterov, weightDecay, maximize } = this.hyper;
    const first = !state.buffers.has('momentumBuffer');
    const buf = momentum !== 0 ? this.buffer(state, 'momentumBuffer', param) : undefined;
    for (let j = 0; j < value.length; j++) {
      let g = effectiveGradient(grad[j], value[j], weightDecay, maximize);
      if (buf) {
        buf[j] = first ? g : buf[j] * momentum + (1 - dampening) * g;
        g = nesterov ? g + momentum * buf[j] : buf[j];
      }
      value[j] = value[j] - lr * g;
    }
  }
}
