import { type Rng, type RngOptions, resolveRng } from '@scratchnet/tensor';
import type { RasterImage } from '../images/gray-from-raster';
import { checkCount } from './point-set';

export interface ShapePicturesOptions extends RngOptions {
  /** Pictures per class. */
  perClass: number;
  /** 1: gray pictures of a horizontal bar, a vertical bar or a cross; 3: RGB pictures of a red or blue bar, horizontal or vertical. */
  channels: 1 | 3;
  /** Smallest and largest side of a picture (default [24, 48]: sizes vary, as photos' do). */
  sizes?: readonly [number, number];
}

/** Pictures to try an image-folder pipeline on: a class is a shape (gray), or a colour and a shape (RGB). */
export interface ShapePictures {
  classes: string[];
  images: RasterImage[];
  /** Index into `classes` of each picture (pictures cycle through the classes). */
  labels: number[];
}

type Shape = 'horizontal' | 'vertical' | 'cross';

const CLASSES: Record<1 | 3, { name: string; shape: Shape; colour: [number, number, number] }[]> = {
  1: [
    { name: 'horizontal', shape: 'horizontal', colour: [230, 230, 230] },
    { name: 'vertical', shape: 'vertical', colour: [230, 230, 230] },
    { name: 'cross', shape: 'cross', colour: [230, 230, 230] },
  ],
  3: [
    { name: 'blue-horizontal', shape: 'horizontal', colour: [40, 60, 220] },
    { name: 'blue-vertical', shape: 'vertical', colour: [40, 60, 220] },
    { name: 'red-horizontal', shape: 'horizontal', colour: [220, 50, 40] },
    { name: 'red-vertical', shape: 'vertical', colour: [220, 50, 40] },
  ],
};

/** Whether (x, y) falls in `shape` of half-length r around (cx, cy): bars a quarter as thick as long. */
function inside(shape: Shape, x: number, y: number, cx: number, cy: number, r: number): boolean {
  const [dx, dy] = [Math.abs(x - cx), Math.abs(y - cy)];
  const horizontal = dx <= r && dy <= r * 0.25;
  const vertical = dy <= r && dx <= r * 0.25;
  return shape === 'horizontal' ? horizontal : shape === 'vertical' ? vertical : horizontal || vertical;
}

function picture(
  shape: Shape,
  colour: readonly number[],
  channels: 1 | 3,
  side: number,
  rng: Rng,
): RasterImage {
  const r = side * (0.22 + 0.12 * rng.next());
  const cx = r + rng.next() * (side - 2 * r);
  const cy = r + rng.next() * (side - 2 * r);
  const background = 20 + 50 * rng.next();
  const data = new Uint8Array(side * side * channels);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const on = inside(shape, x + 0.5, y + 0.5, cx, cy, r);
      for (let c = 0; c < channels; c++) {
        const level = (on ? colour[c] : background) + 25 * (rng.next() - 0.5);
        data[(y * side + x) * channels + c] = Math.max(0, Math.min(255, Math.round(level)));
      }
    }
  }
  return { width: side, height: side, channels, data };
}

/**
 * Small labelled pictures with noise, at random positions, scales and sizes: gray discs, squares and
 * crosses, or RGB discs and squares in red or blue (so that both colour and shape matter).
 */
export function shapePictures(options: ShapePicturesOptions): ShapePictures {
  const perClass = checkCount('shapePictures', 'perClass', options?.perClass, 1, 100_000);
  const { channels, sizes = [24, 48] } = options;
  if (channels !== 1 && channels !== 3)
    throw new Error(`shapePictures: channels must be 1 or 3, got ${String(channels)}`);
  const [lo, hi] = [checkCount('shapePictures', 'sizes[0]', sizes[0], 4, 1024), sizes[1]];
  checkCount('shapePictures', 'sizes[1]', hi, lo, 1024);
  const rng = resolveRng('shapePictures', options);
  const kinds = CLASSES[channels];
  const images: RasterImage[] = [];
  const labels: number[] = [];
  for (let i = 0; i < perClass * kinds.length; i++) {
    const label = i % kinds.length;
    const side = lo + rng.int(hi - lo + 1);
    images.push(picture(kinds[label].shape, kinds[label].colour, channels, side, rng));
    labels.push(label);
  }
  return { classes: kinds.map((k) => k.name), images, labels };
}
