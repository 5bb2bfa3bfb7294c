import type { Conv2dGeometry, Pool2dGeometry } from './backend/types';

/**
 * The order in which a geometry travels as a plain list of numbers: to the Rust addon (whose
 * `CONV_FIELDS` / `POOL_FIELDS` tables conv-native tests against these) and through the worker
 * threads' control block. This file is the one owner of that order.
 */

/** The keys that `Fields` lists more than once. */
type Repeated<Fields extends readonly unknown[]> = Fields extends readonly [infer Head, ...infer Rest]
  ? (Head extends Rest[number] ? Head : never) | Repeated<Rest>
  : never;

/**
 * `true` when `Fields` lists every key of `G` exactly once; otherwise a type that names the
 * missing or repeated keys (so `Assert<…>` below fails to compile and says which).
 */
export type EveryKeyOnce<G, Fields extends readonly (keyof G)[]> = [
  Exclude<keyof G, Fields[number]>,
] extends [never]
  ? [Repeated<Fields>] extends [never]
    ? true
    : { repeated: Repeated<Fields> }
  : { missing: Exclude<keyof G, Fields[number]> };

type Assert<T extends true> = T;

/** The window's kernel, stride and padding: one run, in the same place in both lists below. */
const KERNEL_STRIDE_PADDING = [
  'kernelHeight',
  'kernelWidth',
  'strideHeight',
  'strideWidth',
  'padTop',
  'padBottom',
  'padLeft',
  'padRight',
] as const;

/** The 18 `Conv2dGeometry` fields in the order the native addon and the threads' control block read them. */
export const CONV2D_GEOMETRY_FIELDS = [
  'batch',
  'inChannels',
  'inHeight',
  'inWidth',
  'outChannels',
  ...KERNEL_STRIDE_PADDING,
  'dilationHeight',
  'dilationWidth',
  'groups',
  'outHeight',
  'outWidth',
] as const satisfies readonly (keyof Conv2dGeometry)[];

/** The 14 `Pool2dGeometry` fields in the order the native addon reads them. */
export const POOL2D_GEOMETRY_FIELDS = [
  'batch',
  'channels',
  'inHeight',
  'inWidth',
  ...KERNEL_STRIDE_PADDING,
  'outHeight',
  'outWidth',
] as const satisfies readonly (keyof Pool2dGeometry)[];

/** Compile-time proof that each list above names every field of its interface exactly once. */
export type GeometryFieldsComplete = [
  Assert<EveryKeyOnce<Conv2dGeometry, typeof CONV2D_GEOMETRY_FIELDS>>,
  Assert<EveryKeyOnce<Pool2dGeometry, typeof POOL2D_GEOMETRY_FIELDS>>,
];

function numbersInOrder<F extends string>(fields: readonly F[], g: Record<F, number>): number[] {
  return fields.map((field) => g[field]);
}

/** The geometry as 18 numbers in the order of `CONV2D_GEOMETRY_FIELDS`. */
export function conv2dGeometryNumbers(g: Conv2dGeometry): number[] {
  return numbersInOrder(CONV2D_GEOMETRY_FIELDS, g);
}

/** The geometry as 14 numbers in the order of `POOL2D_GEOMETRY_FIELDS`. */
export function pool2dGeometryNumbers(g: Pool2dGeometry): number[] {
  return numbersInOrder(POOL2D_GEOMETRY_FIELDS, g);
}
