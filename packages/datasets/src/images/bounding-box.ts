import type { GrayImage } from './gray-image';

/** A rectangle of pixels: columns x0 <= x < x1, rows y0 <= y < y1. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The smallest box holding every pixel brighter than `threshold`, or undefined when there is none. */
export function boundingBox(image: GrayImage, threshold: number): Box | undefined {
  const { width, height, data } = image;
  let box: Box | undefined;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (data[y * width + x] <= threshold) continue;
      box ??= { x0: x, y0: y, x1: x + 1, y1: y + 1 };
      box.x0 = Math.min(box.x0, x);
      box.x1 = Math.max(box.x1, x + 1);
      box.y1 = y + 1;
    }
  }
  return box;
}
