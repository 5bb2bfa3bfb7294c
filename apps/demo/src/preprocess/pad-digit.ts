import { grayFromRaster, mnistPreprocess } from '@scratchnet/datasets';

/** The pad's pixels as a canvas gives them (`ImageData`): RGBA, white ink on black. */
export type PadPixels = Pick<ImageData, 'width' | 'height' | 'data'>;

/** The drawing as an MNIST input (28 x 28, ink 1), or undefined while the pad is blank. */
export function padDigit(pixels: PadPixels): Float32Array | undefined {
  const { width, height, data } = pixels;
  return mnistPreprocess(grayFromRaster({ width, height, channels: 4, data }));
}
