/*
 * Just enough of the WebAssembly binary format to assemble the wasm backend's SIMD kernels at run
 * time from TypeScript: value types, LEB128 numbers, the instructions the kernels use, and a
 * module of functions over one exported memory. No toolchain, no binary blob in the package.
 */

export const ValType = { I32: 0x7f, F64: 0x7c, V128: 0x7b } as const;
export type ValType = (typeof ValType)[keyof typeof ValType];

/** Unsigned LEB128. */
export function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    out.push(v === 0 ? byte : byte | 0x80);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const SIMD = 0xfd;

/** A function body under construction: locals are numbered after the parameters. */
export class FunctionBody {
  readonly code: number[] = [];
  private readonly localTypes: ValType[] = [];

  constructor(readonly params: ValType[]) {}

  /** A new local of type t; returns its index. */
  local(t: ValType): number {
    this.localTypes.push(t);
    return this.params.length + this.localTypes.length - 1;
  }

  get(i: number): this {
    return this.op(0x20, ...uleb(i));
  }
  set(i: number): this {
    return this.op(0x21, ...uleb(i));
  }
  i32(v: number): this {
    return this.op(0x41, ...sleb(v));
  }
  i32Add(): this {
    return this.op(0x6a);
  }
  i32Sub(): this {
    return this.op(0x6b);
  }
  i32Mul(): this {
    return this.op(0x6c);
  }
  i32LtU(): this {
    return this.op(0x49);
  }
  i32Load(offset = 0): this {
    return this.op(0x28, 2, ...uleb(offset));
  }
  f32Load(offset = 0): this {
    return this.op(0x2a, 2, ...uleb(offset));
  }
  f32Store(offset = 0): this {
    return this.op(0x38, 2, ...uleb(offset));
  }
  f64Add(): this {
    return this.op(0xa0);
  }
  f64PromoteF32(): this {
    return this.op(0xbb);
  }
  f32DemoteF64(): this {
    return this.op(0xb6);
  }
  i32Store(offset = 0): this {
    return this.op(0x36, 2, ...uleb(offset));
  }
  i32LtS(): this {
    return this.op(0x48);
  }
  i32And(): this {
    return this.op(0x71);
  }
  i32WrapI64(): this {
    return this.op(0xa7);
  }
  i64ExtendI32U(): this {
    return this.op(0xad);
  }
  f64Load(offset = 0): this {
    return this.op(0x2b, 3, ...uleb(offset));
  }
  f64Store(offset = 0): this {
    return this.op(0x39, 3, ...uleb(offset));
  }
  v128Load(offset = 0): this {
    return this.simd(0x00, 4, ...uleb(offset));
  }
  v128Store(offset = 0): this {
    return this.simd(0x0b, 4, ...uleb(offset));
  }
  /** Loads one f64 and repeats it in both lanes. */
  load64Splat(offset = 0): this {
    return this.simd(0x0a, 3, ...uleb(offset));
  }
  /** Loads two f32 into the low half (the rest zero). */
  load64Zero(offset = 0): this {
    return this.simd(0x5d, 3, ...uleb(offset));
  }
  /** Stores the low 64 bits. */
  store64Lane0(offset = 0): this {
    return this.simd(0x5b, 3, ...uleb(offset), 0);
  }
  /** The two low f32 lanes, widened to f64. */
  f64x2PromoteLow(): this {
    return this.simd(0x5f);
  }
  /** f64 lanes narrowed into the two low f32 lanes (the rest zero). */
  f32x4DemoteZero(): this {
    return this.simd(0x5e);
  }
  /** A v128 constant whose first `ones` bytes are all ones, the rest zero: a lane mask. */
  v128Mask(ones: number): this {
    return this.simd(0x0c, ...Array.from({ length: 16 }, (_, i) => (i < ones ? 0xff : 0)));
  }
  v128Or(): this {
    return this.simd(0x50);
  }
  /** Lanes of the first operand where the mask (third) has ones, of the second elsewhere. */
  v128Bitselect(): this {
    return this.simd(0x52);
  }
  f64x2Splat(): this {
    return this.simd(0x14);
  }
  f64x2ReplaceLane(lane: 0 | 1): this {
    return this.simd(0x22, lane);
  }
  f64x2Gt(): this {
    return this.simd(0x4a);
  }
  f64x2Ne(): this {
    return this.simd(0x48);
  }
  i64x2Splat(): this {
    return this.simd(0x12);
  }
  i64x2ExtractLane(lane: 0 | 1): this {
    return this.simd(0x1d, lane);
  }
  /** A v128 constant of two equal f64 lanes. */
  f64x2Const(value: number): this {
    const view = new DataView(new ArrayBuffer(16));
    view.setFloat64(0, value, true);
    view.setFloat64(8, value, true);
    return this.simd(0x0c, ...new Uint8Array(view.buffer));
  }
  v128And(): this {
    return this.simd(0x4e);
  }
  f64x2ExtractLane(lane: 0 | 1): this {
    return this.simd(0x21, lane);
  }
  v128Zero(): this {
    return this.simd(0x0c, ...new Array<number>(16).fill(0));
  }
  f64x2Add(): this {
    return this.simd(0xf0);
  }
  f64x2Mul(): this {
    return this.simd(0xf2);
  }
  /** `loop` whose body `inner` emits; `br 0` inside continues it, falling out ends it. */
  loop(inner: () => void): this {
    this.op(0x03, 0x40);
    inner();
    return this.op(0x0b);
  }
  /** Runs `inner` when the i32 on the stack is non-zero. */
  when(inner: () => void): this {
    this.op(0x04, 0x40);
    inner();
    return this.op(0x0b);
  }
  /** Branches back to the innermost enclosing loop when the i32 on the stack is non-zero. */
  brIf(depth: number): this {
    return this.op(0x0d, ...uleb(depth));
  }

  /** The encoded body: local declarations (one run per local), instructions, end. */
  encode(): number[] {
    const decls = this.localTypes.flatMap((t) => [1, t]);
    const body = [...uleb(this.localTypes.length), ...decls, ...this.code, 0x0b];
    return [...uleb(body.length), ...body];
  }

  private op(...bytes: number[]): this {
    for (const b of bytes) this.code.push(b);
    return this;
  }
  private simd(opcode: number, ...immediates: number[]): this {
    return this.op(SIMD, ...uleb(opcode), ...immediates);
  }
}

export interface ExportedFunction {
  name: string;
  body: FunctionBody;
}

const section = (id: number, payload: number[]) => [id, ...uleb(payload.length), ...payload];
const vector = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const name = (s: string) => [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];

/** A module of functions returning nothing, plus one memory exported as "memory". */
export function encodeModule(functions: ExportedFunction[]): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [0x60, ...vector(f.body.params.map((p) => [p])), 0]);
  const memory = [...uleb(1), 0x00, ...uleb(1)];
  const exports = [
    [...name('memory'), 0x02, 0],
    ...functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]),
  ];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(types)),
    ...section(3, vector(functions.map((_, i) => uleb(i)))),
    ...section(5, memory),
    ...section(7, vector(exports)),
    ...section(10, vector(functions.map((f) => f.body.encode()))),
  ]);
}
