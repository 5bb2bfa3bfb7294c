import { type FloatArray, Tensor } from '@scratchnet/tensor';
import { checkNumber } from './options';
import { checkParameters, type OptimizerParameter, type ParameterState, parameterName } from './parameter';
import {
  checkStateDictHeader,
  type OptimizerStateDict,
  restoreParameterState,
  serializeTensor,
} from './state-dict';

export interface Hyperparameters {
  lr: number;
}

/**
 * The shared machinery of every optimizer: parameter checks, the step loop,
 * zeroGrad, lr, and the state dict. Subclasses implement the update rule of one
 * parameter on its raw arrays, and the parsing of their hyperparameters.
 */
export abstract class Optimizer<H extends Hyperparameters = Hyperparameters> {
  readonly params: readonly OptimizerParameter[];
  protected hyper: H;
  private readonly state: ParameterState[];

  constructor(params: Iterable<OptimizerParameter>, options: unknown) {
    const name = this.name;
    if (
      params === null ||
      typeof (params as Iterable<unknown> | undefined)?.[Symbol.iterator] !== 'function'
    ) {
      throw new Error(`${name}: params must be an array of parameters, got ${String(params)}`);
    }
    this.params = [...params];
    if (this.params.length === 0) throw new Error(`${name}: got an empty parameter list`);
    checkParameters(name, this.params);
    this.hyper = this.parse(options ?? {});
    this.state = this.params.map(() => ({ step: 0, buffers: new Map() }));
  }

  /** The optimizer's name, used in errors and the state dict (a getter: the constructor reads it). */
  get name(): string {
    return 'Optimizer';
  }

  /** Validates options (filling defaults) into the hyperparameters; used by the constructor and loadStateDict; it must not read instance fields. */
  protected abstract parse(options: unknown): H;

  /** Updates one parameter in place; state.step has already been incremented. */
  protected abstract update(value: FloatArray, grad: FloatArray, state: ParameterState, param: Tensor): void;

  /** The buffer names this optimizer may keep (for loadStateDict validation). */
  protected abstract readonly bufferNames: readonly string[];

  get lr(): number {
    return this.hyper.lr;
  }

  set lr(value: number) {
    this.hyper.lr = checkNumber(this.name, 'lr', value);
  }

  step(): void {
    checkParameters(`${this.name}.step`, this.params);
    this.params.forEach((p, i) => {
      const state = this.state[i];
      state.step += 1;
      this.update(p.value.data, p.grad.data, state, p.value);
    });
  }

  /** Fills every grad with 0 in place (the tensors are kept). */
  zeroGrad(): void {
    for (const p of this.params) p.grad.data.fill(0);
  }

  /** The named buffer of `state`, created as zeros shaped like `like` when absent. */
  protected bufferTensor(state: ParameterState, key: string, like: Tensor): Tensor {
    let t = state.buffers.get(key);
    if (!t) {
      t = Tensor.zeros(like.shape, { dtype: like.dtype });
      state.buffers.set(key, t);
    }
    return t;
  }

  /** The array of `bufferTensor(state, key, like)`. */
  protected buffer(state: ParameterState, key: string, like: Tensor): FloatArray {
    return this.bufferTensor(state, key, like).data;
  }

  stateDict(): OptimizerStateDict {
    return {
      format: 'scratchnet.optimizer',
      version: 1,
      optimizer: this.name,
      hyperparameters: structuredClone(this.hyper) as Record<string, unknown>,
      state: this.state.map((s, i) => ({
        name: parameterName(this.params[i], i),
        step: s.step,
        buffers: Object.fromEntries([...s.buffers].map(([k, t]) => [k, serializeTensor(t)])),
      })),
    };
  }

  /** Restores hyperparameters, step counts and buffers (copied) from `stateDict()` output; all or nothing. */
  loadStateDict(dict: OptimizerStateDict): void {
    const op = `${this.name}.loadStateDict`;
    checkStateDictHeader(op, dict, this.name, this.params.length);
    const hyper = this.parse(dict.hyperparameters);
    const state = dict.state.map((entry, i) =>
      restoreParameterState(op, entry, this.params[i], i, this.bufferNames),
    );
    this.hyper = hyper;
    state.forEach((s, i) => {
      this.state[i] = s;
    });
  }
}
