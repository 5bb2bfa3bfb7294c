import { gemmBlockKernel } from './gemm-kernel';
import { maxPoolKernel } from './max-pool-kernel';
import { encodeModule } from './module-builder';
import { type RowConvChannels, rowConvKernel, type WasmFloat } from './row-conv-kernel';
import { weightGradKernel } from './weight-grad-kernel';
import { widenKernel } from './widen-kernel';

/** A row-convolution kernel call: see rowConvKernel for the parameters. */
export type RowConvCall = (
  w: number,
  taps: number,
  tapAt: number,
  src: number,
  rows: number,
  rowStep: number,
  full: number,
  tail: number,
  out: number,
  outRow: number,
  outChannel: number,
  scratch: number,
) => void;

/** A widen kernel call: see widenKernel for the parameters. */
export type WidenCall = (
  src: number,
  srcRow: number,
  srcPlane: number,
  planes: number,
  rows: number,
  columns: number,
  dst: number,
  dstRow: number,
  dstPlane: number,
) => void;

/** A GEMM block call: see gemmBlockKernel for the parameters. */
export type GemmBlockCall = (
  a: number,
  b: number,
  kc: number,
  aSlivers: number,
  bSlivers: number,
  c: number,
  ldc: number,
) => void;

/** A weight-gradient call: see weightGradKernel for the parameters. */
// biome-ignore format: the parameters on one line
export type WeightGradCall = (dy: number, x: number, tapAt: number, blocks: number, tapPairs: number, rows: number, pairs: number, odd: number, rowStep: number, out: number, outRow: number) => void;

/** A max-pool call: see maxPoolKernel for the parameters. */
// biome-ignore format: the parameters on one line
export type MaxPoolCall = (x: number, planeBytes: number, pairs: number, width: number, outHeight: number, outWidth: number, rowRange: number, colRange: number, y: number, argmax: number, outPlane: number) => void;

/** The instantiated SIMD kernels of this thread and the memory they work in. */
export interface WasmKernels {
  memory: WebAssembly.Memory;
  rowConv: Record<WasmFloat, Record<RowConvChannels, RowConvCall>>;
  widen: Record<WasmFloat, WidenCall>;
  gemmBlock: GemmBlockCall;
  weightGrad: WeightGradCall;
  maxPool: Record<WasmFloat, MaxPoolCall>;
}

let kernels: WasmKernels | null | undefined;

/**
 * This thread's kernels, assembled and instantiated on first use; null where WebAssembly or its
 * SIMD extension is missing, or a page's Content-Security-Policy forbids compiling it.
 */
export function wasmKernels(): WasmKernels | null {
  if (kernels === undefined) kernels = instantiate();
  return kernels;
}

/** The SIMD kernels for the GEMM products of a plan, or null for the scalar micro-kernel. */
export function kernelsFor(plan: { simd: boolean }): WasmKernels | null {
  return plan.simd ? simdKernels() : null;
}

/** The kernels a plan with `simd` set runs on; the planner only sets it where wasmKernels() has them. */
export function simdKernels(): WasmKernels {
  const k = wasmKernels();
  if (!k) throw new Error('wasm backend: a plan asked for the SIMD kernels, which this thread cannot run');
  return k;
}

function instantiate(): WasmKernels | null {
  if (typeof WebAssembly !== 'object') return null;
  const floats: WasmFloat[] = ['f32', 'f64'];
  const channels: RowConvChannels[] = [1, 2, 4];
  const bytes = encodeModule([
    ...floats.flatMap((t) => channels.map((c) => ({ name: `rowConv${c}${t}`, body: rowConvKernel(c, t) }))),
    ...floats.map((t) => ({ name: `widen${t}`, body: widenKernel(t) })),
    { name: 'gemmBlock', body: gemmBlockKernel() },
    { name: 'weightGrad', body: weightGradKernel() },
    ...floats.map((t) => ({ name: `maxPool${t}`, body: maxPoolKernel(t) })),
  ]);
  let e: Record<string, unknown>;
  try {
    // Fails where SIMD is unsupported, or a page's Content-Security-Policy forbids compiling WebAssembly.
    e = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
  } catch {
    return null;
  }
  const pick = (t: WasmFloat) =>
    Object.fromEntries(channels.map((c) => [c, e[`rowConv${c}${t}`]])) as Record<
      RowConvChannels,
      RowConvCall
    >;
  return {
    memory: e.memory as WebAssembly.Memory,
    rowConv: { f32: pick('f32'), f64: pick('f64') },
    widen: { f32: e.widenf32 as WidenCall, f64: e.widenf64 as WidenCall },
    gemmBlock: e.gemmBlock as GemmBlockCall,
    weightGrad: e.weightGrad as WeightGradCall,
    maxPool: { f32: e.maxPoolf32 as MaxPoolCall, f64: e.maxPoolf64 as MaxPoolCall },
  };
}

const PAGE = 65536;
/** The kernels' addresses are i32 compared unsigned, but kept below 2³¹ to leave no doubt. */
const MAX_BYTES = 2 ** 31 - PAGE;

/**
 * Carves byte regions of the kernels' memory for one call, growing it when needed (growth
 * detaches earlier views, so take views only after the last reserve). 16-byte aligned. Every call
 * starts again at address 0: a caller owns its regions only until the next reserve, so no SIMD
 * path may call another while it holds regions (none does). Throws, naming `what` and the size,
 * when the memory cannot grow that far (WebAssembly's 32-bit addresses, or the engine's limit).
 */
export function reserveRegions(k: WasmKernels, sizes: number[], what: string): number[] {
  const starts = tryReserveRegions(k, sizes);
  if (starts) return starts;
  const megabytes = sizes.reduce((sum, size) => sum + size, 0) / 2 ** 20;
  throw new Error(
    `wasm backend: ${what} needs ${megabytes.toFixed(1)} MB of WebAssembly memory, more than this runtime lets it reserve`,
  );
}

/** reserveRegions, or null where the memory cannot grow that far. */
export function tryReserveRegions(k: WasmKernels, sizes: number[]): number[] | null {
  const starts: number[] = [];
  let end = 0;
  for (const size of sizes) {
    starts.push(end);
    end += Math.ceil(size / 16) * 16;
  }
  const have = k.memory.buffer.byteLength;
  if (end > MAX_BYTES) return null;
  if (end > have) {
    try {
      k.memory.grow(Math.ceil((end - have) / PAGE));
    } catch {
      return null;
    }
  }
  return starts;
}
