import { allocate, type DType, type FloatArray } from './dtype';
import { validateShape } from './shape';

type StepArray = FloatArray | Int32Array;
type ArrayKind = DType | 'int32';

function fresh(kind: ArrayKind, length: number): StepArray {
  return kind === 'int32' ? new Int32Array(length) : allocate(kind, length);
}

/**
 * The arrays of a training step, reused by the next step. Every step of a training loop makes
 * the same activations and gradients as the one before; made fresh, each costs the page faults
 * of new memory and a later garbage collection (for LeNet's 6 MB activations, about as much time
 * as the kernel that fills them). Inside `arena.run(step)` the ops take their outputs from
 * arrays earlier runs of this arena handed out, and at the end of the run every array handed out
 * goes back, for the next run to take. Outside a run the ops allocate fresh, zeroed arrays as
 * ever, so a caller who keeps a layer's output across calls loses nothing unless it opts in.
 *
 * What a run hands out is valid until the run ends: a value that must outlive the step (a
 * prediction kept for later) must be copied before `run` returns. Arrays taken from the arena
 * hold whatever the last step left in them; the ops that take them overwrite every element.
 */
export class StepArena {
  private readonly free = new Map<string, StepArray[]>();
  private readonly lent: [string, StepArray][] = [];
  private held = 0;
  /** Fill every returned float array with NaN (tests: proves no op reads what it did not write). */
  readonly poison: boolean;

  constructor(options: { poison?: boolean } = {}) {
    this.poison = options.poison ?? false;
  }

  /** Runs one synchronous step; the arrays its ops allocate return to the arena when it ends. */
  run<T>(step: () => T): T {
    const outer = active;
    active = this;
    const mark = this.lent.length;
    try {
      const result = step();
      if (result instanceof Promise) {
        throw new Error('StepArena.run: the step must be synchronous (it returned a Promise)');
      }
      return result;
    } finally {
      active = outer;
      this.giveBack(mark);
    }
  }

  /** Bytes of the arrays this arena holds, lent or free. */
  get bytes(): number {
    return this.held;
  }

  /** Lets go of every free array (for the garbage collector to take). */
  clear(): void {
    for (const list of this.free.values()) for (const a of list) this.held -= a.byteLength;
    this.free.clear();
  }

  take(kind: ArrayKind, length: number): StepArray {
    const key = `${kind}:${length}`;
    const array = this.free.get(key)?.pop() ?? this.create(kind, length);
    this.lent.push([key, array]);
    return array;
  }

  private create(kind: ArrayKind, length: number): StepArray {
    const array = fresh(kind, length);
    this.held += array.byteLength;
    return array;
  }

  private giveBack(mark: number): void {
    for (const [key, array] of this.lent.splice(mark)) {
      if (this.poison && !(array instanceof Int32Array)) array.fill(Number.NaN);
      const list = this.free.get(key);
      if (list) list.push(array);
      else this.free.set(key, [array]);
    }
  }
}

let active: StepArena | undefined;

/**
 * An output array for an op: from the running `StepArena` when there is one (contents left by an
 * earlier step: the op must overwrite every element), else fresh and zeroed. `op`, `what` and
 * `shape` name the array when its shape is refused.
 */
export function stepArray(op: string, dtype: DType, shape: readonly number[], what = 'output'): FloatArray {
  const length = validateShape(op, shape, what);
  return active ? (active.take(dtype, length) as FloatArray) : allocate(dtype, length);
}

/** An Int32Array (argmax indices) as `stepArray` gives float arrays. */
export function stepInt32Array(length: number): Int32Array {
  return active ? (active.take('int32', length) as Int32Array) : new Int32Array(length);
}
