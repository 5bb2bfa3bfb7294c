// For child processes of the tests: the built addon itself (no loader, no backend object), or an
// error saying to build it first.
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';

export function loadNativeBinding() {
  const nativeDir = new URL('../../native/', import.meta.url);
  const file = readdirSync(nativeDir).find((f) => f.endsWith('.node'));
  if (!file) return { error: `no .node binary in ${nativeDir.pathname}: build the addon first` };
  return { binding: createRequire(import.meta.url)(new URL(file, nativeDir).pathname) };
}

const U = 2 ** 32 - 1;

/** The 18 conv geometry numbers (`CONV2D_GEOMETRY_FIELDS` order) of absurd scratch over tiny arrays. */
export const ABSURD = {
  // 17 -> 1 channels, a 1x4096 kernel over a 1x1 input padded to 1052671 columns: x has 17 floats,
  // the weight 69632 and y 1048576, but one im2col band is 69632 x 1048576 (7.3e10) floats.
  im2col: [1, 17, 1, 1, 1, 1, 4096, 1, 1, 0, 0, 526335, 526335, 1, 1, 1, 1, 1048576],
  // 1 -> 1 channel, 3x3 kernel dilated by 2^32-1 over a 1x1 input padded by 2^32-1 on each side:
  // one output, and a padded image of (2^33-1)^2 floats, past 2^64.
  padded: [1, 1, 1, 1, 1, 3, 3, 1, 1, U, U, U, U, U, U, 1, 1, 1],
  // 1 -> 1 channel over a 2x1 input, kH = 3 dilated by 2^31 (a span of 2^32 rows), padBottom 2^32-1:
  // the adjoint convolution of backward-input would need a padding past 2^32-1.
  adjoint: [1, 1, 2, 1, 1, 3, 1, 1, 1, 0, U, 0, 0, 2 ** 31, 1, 1, 1, 1],
};

/** After the hostile calls: ones through a 3x3x3 window of x [2,3,5,5], bias 0.5, on 2 threads (27.5 when healthy). */
export function stillComputes(binding) {
  binding.setNumThreads(2);
  const y = new Float32Array(72);
  const geometry = [2, 3, 5, 5, 4, 3, 3, 1, 1, 0, 0, 0, 0, 1, 1, 1, 3, 3];
  binding.conv2dForward(
    new Float32Array(150).fill(1),
    new Float32Array(108).fill(1),
    new Float32Array(4).fill(0.5),
    y,
    geometry,
  );
  return y[0];
}
