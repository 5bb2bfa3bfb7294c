import { type DType, formatValue, isDType } from '@scratchnet/tensor';

export function positiveInteger(layer: string, what: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new Error(`${layer}: ${what} must be a positive integer, got ${formatValue(value)}`);
  }
  return value;
}

export function checkDtypeArg(layer: string, dtype: unknown): DType {
  if (!isDType(dtype))
    throw new Error(`${layer}: dtype must be 'float32' or 'float64', got ${formatValue(dtype)}`);
  return dtype;
}

/** The trailing options argument: undefined becomes {}; anything but a plain object (null, an array, a number) is refused. */
export function optionsObject<T extends object>(layer: string, options: T | undefined): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    const got = Array.isArray(options)
      ? 'an array'
      : options === null
        ? 'null'
        : `${typeof options} ${formatValue(options)}`;
    throw new Error(`${layer}: options must be an object, got ${got}`);
  }
  return options;
}

export function finiteNumber(layer: string, what: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`${layer}: ${what} must be a finite number, got ${formatValue(value)}`);
  }
  return value;
}

export function booleanArg(layer: string, what: string, value: unknown): boolean {
  if (typeof value !== 'boolean')
    throw new Error(`${layer}: ${what} must be true or false, got ${formatValue(value)}`);
  return value;
}

/** A drop probability: a number in [0, 1) (1 would drop everything and scale by 1/0). */
export function dropProbability(layer: string, what: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new Error(`${layer}: ${what} must be a probability in [0, 1), got ${formatValue(value)}`);
  }
  return value;
}
