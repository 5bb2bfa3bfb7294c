import { formatValue } from '@scratchnet/tensor';
import { jsonOptions } from './layer-config';
import type { AxisTaps, Tap } from './resample2d';
import { Resample2dLayer } from './resample2d-layer';
import { optionsObject, positiveInteger } from './validate-args';

export type UpsampleMode = 'nearest' | 'bilinear';

export interface UpsampleOptions {
  /** The output [H, W] (or one number for both); give this or scaleFactor. */
  size?: number | readonly [number, number];
  /** Output = ⌊input·scaleFactor⌋ per axis (one number or [h, w]); give this or size. */
  scaleFactor?: number | readonly [number, number];
  mode?: UpsampleMode;
  /** bilinear only: corners of input and output align (true) or pixel centres do (false, default). */
  alignCorners?: boolean;
}

type Check = (label: string, what: string, value: unknown) => number;

/** One number for both axes or [height, width], each passing `check`. */
function checkedPair(label: string, what: string, value: unknown, check: Check): [number, number] {
  const pair = typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(pair) || pair.length !== 2) {
    throw new Error(`${label}: ${what} must be a number or [height, width], got ${formatValue(value)}`);
  }
  return [check(label, `${what} height`, pair[0]), check(label, `${what} width`, pair[1])];
}

function positiveFinite(label: string, what: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new Error(`${label}: ${what} must be a positive finite number, got ${formatValue(value)}`);
  }
  return value;
}

/** PyTorch's legacy 'nearest': source ⌊o·scale⌋ computed in float32, as PyTorch computes it whatever the dtype. */
function nearestTaps(inSize: number, outSize: number, scaleFactor: number | null): AxisTaps {
  const scale = Math.fround(scaleFactor ? 1 / scaleFactor : inSize / outSize);
  return Array.from({ length: outSize }, (_, o) => {
    let index = Math.min(Math.floor(Math.fround(o * scale)), inSize - 1);
    if (outSize === inSize) index = o;
    else if (outSize === 2 * inSize) index = o >> 1;
    return [{ index, weight: 1 }];
  });
}

/** Linear interpolation between the two inputs around PyTorch's source position of each output. */
function linearTaps(
  inSize: number,
  outSize: number,
  scaleFactor: number | null,
  alignCorners: boolean,
): AxisTaps {
  const scale = alignCorners
    ? outSize > 1
      ? (inSize - 1) / (outSize - 1)
      : 0
    : scaleFactor
      ? 1 / scaleFactor
      : inSize / outSize;
  return Array.from({ length: outSize }, (_, o): Tap[] => {
    if (outSize === inSize) return [{ index: o, weight: 1 }];
    const source = alignCorners ? scale * o : Math.max(scale * (o + 0.5) - 0.5, 0);
    const i0 = Math.floor(source);
    const i1 = i0 < inSize - 1 ? i0 + 1 : i0;
    const lambda = Math.min(Math.max(source - i0, 0), 1);
    return [
      { index: i0, weight: 1 - lambda },
      { index: i1, weight: lambda },
    ];
  });
}

/**
 * PyTorch's nn.Upsample on [N, C, H, W]: to a fixed `size`, or by `scaleFactor`; mode 'nearest'
 * (PyTorch's legacy nearest, default) or 'bilinear' with alignCorners true or false.
 */
export class Upsample extends Resample2dLayer {
  readonly kind = 'Upsample';
  readonly size: readonly [number, number] | null;
  readonly scaleFactor: readonly [number, number] | null;
  readonly mode: UpsampleMode;
  readonly alignCorners: boolean;

  constructor(rawOptions: UpsampleOptions) {
    super();
    const label = 'Upsample';
    const { size, scaleFactor, mode = 'nearest', alignCorners } = optionsObject(label, rawOptions);
    if ((size === undefined) === (scaleFactor === undefined)) {
      throw new Error(`${label}: give exactly one of size and scaleFactor`);
    }
    this.size = size === undefined ? null : checkedPair(label, 'size', size, positiveInteger);
    this.scaleFactor =
      scaleFactor === undefined ? null : checkedPair(label, 'scaleFactor', scaleFactor, positiveFinite);
    if (mode !== 'nearest' && mode !== 'bilinear') {
      throw new Error(`${label}: mode must be 'nearest' or 'bilinear', got ${formatValue(mode)}`);
    }
    if (alignCorners !== undefined && (mode !== 'bilinear' || typeof alignCorners !== 'boolean')) {
      throw new Error(
        `${label}: alignCorners applies to mode 'bilinear' only and must be a boolean, got ${formatValue(alignCorners)} with mode '${mode}'`,
      );
    }
    this.mode = mode;
    this.alignCorners = alignCorners ?? false;
    this.configArgs = [jsonOptions({ size, scaleFactor, mode, alignCorners })];
  }

  override toString(): string {
    const [what, value] = this.size ? ['size', this.size] : ['scaleFactor', this.scaleFactor];
    const corners = this.mode === 'bilinear' ? `, alignCorners=${this.alignCorners}` : '';
    return `Upsample(${what}=${formatValue(value)}, mode=${this.mode}${corners})`;
  }

  protected sizeFor(h: number, w: number): [number, number] {
    if (this.size) return [...this.size];
    const [sh, sw] = this.scaleFactor!;
    const out: [number, number] = [Math.floor(h * sh), Math.floor(w * sw)];
    if (out[0] < 1 || out[1] < 1) {
      throw new Error(`${this}: scaling an input of ${h}x${w} gives an empty output ${out.join('x')}`);
    }
    return out;
  }

  protected taps(inSize: number, outSize: number, axis: 0 | 1): AxisTaps {
    const factor = this.scaleFactor ? this.scaleFactor[axis] : null;
    return this.mode === 'nearest'
      ? nearestTaps(inSize, outSize, factor)
      : linearTaps(inSize, outSize, factor, this.alignCorners);
  }
}
