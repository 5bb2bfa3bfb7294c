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
  // Every problem at once, so that one attempt shows all a state dict gets wrong.
  const keyProblems: string[] = [];
  if (strict && missingKeys.length > 0) keyProblems.push(`missing keys: ${nameList(missingKeys)}`);
  if (strict && unexpectedKeys.length > 0) keyProblems.push(`unexpected keys: ${nameList(unexpectedKeys)}`);
  const valueProblems = valueMismatches(own, dict, new Set(integerStateKeys(layer)));
  const shown = valueProblems.slice(0, 5);
  if (valueProblems.length > 5) shown.push(`and ${valueProblems.length - 5} more mismatches`);
  if (keyProblems.length + valueProblems.length > 0) {
    const hint = keyProblems.length > 0 ? ' (pass { strict: false } to load the matching keys only)' : '';
    throw new Error(`${where}: ${[...keyProblems, ...shown].join('; ')}${hint}`);
  }
  for (const [key, target] of own) if (dict[key]) target.data.set(dict[key].data);
  return { missingKeys, unexpectedKeys };
}

/** A shape that differs, or a fractional count for an integer buffer, for each key both sides hold. */
function valueMismatches(own: Map<string, Tensor>, dict: StateDict, integers: Set<string>): string[] {
  const problems: string[] = [];
  for (const [key, target] of own) {
    const source = dict[key];
    if (source === undefined) continue;
    if (!sameShape(source.shape, target.shape)) {
      problems.push(
        `size mismatch for "${key}": the model has shape ${formatShape(target.shape)}, the state dict has ${formatShape(source.shape)}`,
      );
      continue;
    }
    const fractional = integers.has(key) ? source.data.findIndex((v) => !Number.isSafeInteger(v)) : -1;
    if (fractional >= 0) {
      problems.push(
        `"${key}" counts in integers, the state dict gives ${formatValue(source.data[fractional])}${source.size > 1 ? ` at index ${fractional}` : ''}`,
      );
    }
  }
  return problems;
}
