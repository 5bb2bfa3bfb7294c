import { type DType, isDType } from '@scratchnet/tensor';

export function positiveInteger(layer: string, what: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new Error(`${layer}: ${what} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

export function checkDtypeArg(layer: string, dtype: unknown): DType {
  if (!isDType(dtype))
    throw new Error(`${layer}: dtype must be 'float32' or 'float64', got ${JSON.stringify(dtype)}`);
  return dtype;
}

export function finiteNumber(layer: string, what: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`${layer}: ${what} must be a finite number, got ${String(value)}`);
  }
  return value;
}
