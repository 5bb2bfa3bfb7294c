import { formatShape, formatValue, type Tensor } from '@scratchnet/tensor';
import type { Layer } from './layer';
import { nameList } from './name-list';
import { sameShape } from './same-shape';

/** Parameters and buffers by PyTorch name ("0.weight", "1.running_mean", …). */
export type StateDict = Record<string, Tensor>;

export interface LoadStateDictOptions {
  /** Every key of the model must be present and no other key may be (default true). */
  strict?: boolean;
}

export interface LoadStateDictResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

function entriesOf(layer: Layer): [string, Tensor][] {
  return [...layer.parameters(), ...layer.buffers()].map(({ name, value }) => [name, value]);
}

/** The state-dict keys of the integer buffers (saved as I64; see `NamedBuffer.integer`). */
export function integerStateKeys(layer: Layer): string[] {
  return layer
    .buffers()
    .filter((b) => b.integer)
    .map((b) => b.name);
}

/** The live tensors of a layer (shared, as PyTorch's state_dict: clone them to keep a snapshot). */
export function getStateDict(layer: Layer): StateDict {
  return Object.fromEntries(entriesOf(layer));
}

/**
 * Copies values into the layer's tensors in place (so optimizers holding them stay valid),
 * converting dtype if needed. A shape mismatch always throws; missing and unexpected keys throw
 * when strict and are reported otherwise.
 */
export function loadStateDict(
  layer: Layer,
  dict: StateDict,
  options: LoadStateDictOptions = {},
): LoadStateDictResult {
  const { strict = true } = options;
  const own = new Map(entriesOf(layer));
  const missingKeys = [...own.keys()].filter((key) => !(key in dict));
  const unexpectedKeys = Object.keys(dict).filter((key) => !own.has(key));
  const where = `loadStateDict(${layer})`;
  if (strict && (missingKeys.length > 0 || unexpectedKeys.length > 0)) {
    const parts = [];
    if (missingKeys.length > 0) parts.push(`missing keys: ${nameList(missingKeys)}`);
    if (unexpectedKeys.length > 0) parts.push(`unexpected keys: ${nameList(unexpectedKeys)}`);
    throw new Error(`${where}: ${parts.join('; ')} (pass { strict: false } to load the matching keys only)`);
  }
  const integers = new Set(integerStateKeys(layer));
  for (const [key, target] of own) {
    const source = dict[key];
    if (source === undefined) continue;
    if (!sameShape(source.shape, target.shape)) {
      throw new Error(
        `${where}: size mismatch for "${key}": the model has shape ${formatShape(target.shape)}, the state dict has ${formatShape(source.shape)}`,
      );
    }
    const fractional = integers.has(key) ? source.data.findIndex((v) => !Number.isSafeInteger(v)) : -1;
    if (fractional >= 0) {
      throw new Error(
        `${where}: "${key}" counts in integers, the state dict gives ${formatValue(source.data[fractional])}${source.size > 1 ? ` at index ${fractional}` : ''}`,
      );
    }
  }
  for (const [key, target] of own) if (dict[key]) target.data.set(dict[key].data);
  return { missingKeys, unexpectedKeys };
}
