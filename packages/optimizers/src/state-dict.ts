import { type DType, formatShape, Tensor } from '@scratchnet/tensor';
import { type OptimizerParameter, type ParameterState, parameterName } from './parameter';

/** A buffer in plain JSON: the exact float32/float64 values as numbers (JSON round-trips them bit for bit). */
export interface SerializedTensor {
  dtype: DType;
  shape: number[];
  data: number[];
}

export interface ParameterStateDict {
  name: string;
  /** Steps taken for this parameter (PyTorch's state['step']). */
  step: number;
  /** Optimizer buffers by name (e.g. expAvg), absent until the first step creates them. */
  buffers: Record<string, SerializedTensor | Tensor>;
}

/**
 * Everything an optimizer needs to resume exactly. Plain JSON as returned by
 * `stateDict()`; a checkpoint writer may move each buffer into safetensors as
 * `optimizer.state.<i>.<buffer>` and put a Tensor back in its place before
 * `loadStateDict`, which accepts Tensors and SerializedTensors alike.
 */
export interface OptimizerStateDict {
  format: 'scratchnet.optimizer';
  version: 1;
  optimizer: string;
  hyperparameters: Record<string, unknown>;
  state: ParameterStateDict[];
}

export function serializeTensor(t: Tensor): SerializedTensor {
  return { dtype: t.dtype, shape: [...t.shape], data: Array.from(t.data) };
}

export function checkStateDictHeader(
  op: string,
  dict: OptimizerStateDict,
  optimizer: string,
  count: number,
): void {
  if (dict?.format !== 'scratchnet.optimizer' || dict.version !== 1) {
    throw new Error(
      `${op}: not a scratchnet optimizer state dict (format ${String(dict?.format)}, version ${String(dict?.version)})`,
    );
  }
  if (dict.optimizer !== optimizer)
    throw new Error(`${op}: the state dict is for ${dict.optimizer}, not ${optimizer}`);
  if (!Array.isArray(dict.state) || dict.state.length !== count) {
    throw new Error(`${op}: the state dict has ${dict.state?.length} parameters, the optimizer ${count}`);
  }
}

/** The state of parameter `index` from its entry, checked against the parameter (name, step, buffers). */
export function restoreParameterState(
  op: string,
  entry: ParameterStateDict,
  param: OptimizerParameter,
  index: number,
  bufferNames: readonly string[],
): ParameterState {
  const name = parameterName(param, index);
  if (entry?.name !== name)
    throw new Error(`${op}: parameter ${index} is '${name}' but the state dict has '${entry?.name}'`);
  if (!Number.isInteger(entry.step) || entry.step < 0) {
    throw new Error(`${op}: parameter '${name}' has step ${entry.step}, expected an integer >= 0`);
  }
  const buffers = new Map<string, Tensor>();
  for (const [key, value] of Object.entries(entry.buffers ?? {})) {
    if (!bufferNames.includes(key)) {
      throw new Error(
        `${op}: parameter '${name}' has unknown buffer '${key}' (it keeps ${bufferNames.join(', ')})`,
      );
    }
    buffers.set(key, deserializeBuffer(op, `buffer '${key}' of parameter '${name}'`, value, param.value));
  }
  return { step: entry.step, buffers };
}

/** A fresh Tensor from a buffer, which must have the parameter's shape and dtype. */
function deserializeBuffer(op: string, where: string, buffer: unknown, like: Tensor): Tensor {
  const t = buffer instanceof Tensor ? buffer : fromSerialized(op, where, buffer);
  if (!t.equalShape(like) || t.dtype !== like.dtype) {
    throw new Error(
      `${op}: ${where} is ${t.dtype} ${formatShape(t.shape)} but the parameter is ${like.dtype} ${formatShape(like.shape)}`,
    );
  }
  return t.clone();
}

function fromSerialized(op: string, where: string, value: unknown): Tensor {
  const s = value as Partial<SerializedTensor> | null;
  if (
    !s ||
    (s.dtype !== 'float32' && s.dtype !== 'float64') ||
    !Array.isArray(s.shape) ||
    !Array.isArray(s.data)
  ) {
    throw new Error(
      `${op}: ${where} must be a Tensor or { dtype, shape, data }, got ${JSON.stringify(value)?.slice(0, 80)}`,
    );
  }
  return Tensor.from(s.data, s.shape, { dtype: s.dtype });
}
