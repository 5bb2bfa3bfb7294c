import type { FloatArray } from '@scratchnet/tensor';
import type { WasmKernels } from './wasm/wasm-kernels';

/**
 * One group of an image's planes, as the SIMD kernels read it: float64, shifted down by `top` and
 * right by `left` (negative crops) into zero-padded planes of bufferHeight × bufferWidth.
 */
export interface PaddedShape {
  inChannels: number;
  inHeight: number;
  inWidth: number;
  groups: number;
  top: number;
  left: number;
  bufferHeight: number;
  bufferWidth: number;
}

/**
 * Bytes of the kernels' memory a PaddedInput needs: the buffer (with 16 doubles of slack past the
 * end, which a row's last chunk may read) and a raw copy of the planes in their own dtype.
 */
export function paddedInputBytes(p: PaddedShape, x: FloatArray): [number, number] {
  const groupIn = p.inChannels / p.groups;
  return [
    (groupIn * p.bufferHeight * p.bufferWidth + 16) * 8,
    groupIn * p.inHeight * p.inWidth * x.BYTES_PER_ELEMENT,
  ];
}

/** Fills the padded buffer at `bufferAt` (bytes) from images of x, one group at a time. */
export class PaddedInput {
  private readonly raw: FloatArray;
  private readonly window: { row: number; column: number; rows: number; columns: number } | null;

  // biome-ignore format: the regions on one line
  constructor(private readonly k: WasmKernels, private readonly p: PaddedShape, private readonly x: FloatArray, readonly bufferAt: number, private readonly rawAt: number) {
    const [bufferBytes] = paddedInputBytes(p, x);
    // The border stays zero: every image writes the same window.
    new Float64Array(k.memory.buffer, bufferAt, bufferBytes / 8).fill(0);
    const length = (p.inChannels / p.groups) * p.inHeight * p.inWidth;
    this.raw = x instanceof Float32Array ? new Float32Array(k.memory.buffer, rawAt, length) : new Float64Array(k.memory.buffer, rawAt, length);
    const row = Math.max(0, -p.top);
    const column = Math.max(0, -p.left);
    const rows = Math.min(p.inHeight, p.bufferHeight - p.top) - row;
    const columns = Math.min(p.inWidth, p.bufferWidth - p.left) - column;
    this.window = rows > 0 && columns > 0 ? { row, column, rows, columns } : null;
  }

  /** Group grp of image n into the buffer. */
  load(n: number, grp: number): void {
    const { p, x, raw, window } = this;
    const inPlane = p.inHeight * p.inWidth;
    const xOff = (n * p.inChannels + (grp * raw.length) / inPlane) * inPlane;
    raw.set(x.subarray(xOff, xOff + raw.length));
    if (!window) return;
    const bytes = x.BYTES_PER_ELEMENT;
    const from = this.rawAt + (window.row * p.inWidth + window.column) * bytes;
    const to = this.bufferAt + ((window.row + p.top) * p.bufferWidth + window.column + p.left) * 8;
    const widen = this.k.widen[bytes === 4 ? 'f32' : 'f64'];
    // biome-ignore format: the window on one line
    widen(from, p.inWidth * bytes, inPlane * bytes, raw.length / inPlane, window.rows, window.columns, to, p.bufferWidth * 8, p.bufferHeight * p.bufferWidth * 8);
  }
}
