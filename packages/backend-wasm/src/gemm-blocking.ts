/** The packed GEMM's blocking, shared by its scalar and SIMD kernels. */

/** Rows of an A sliver and columns of a B sliver: the 4×8 micro-tile. */
export const MR = 4;
export const NR = 8;
/** Depth of a packed panel: an A sliver (4×256 doubles) plus a B sliver (256×8) fit in L1. */
export const KC = 256;
/** Rows of A packed at once (128×256 doubles = 256 KiB, an L2-sized block). */
export const MC = 128;
/** Columns of B packed at once (bounds the scratch to 256×2048 doubles = 4 MiB). */
export const NC = 2048;
