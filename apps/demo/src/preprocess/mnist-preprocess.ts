import { type GrayImage, grayImage } from './gray-image';

export const MNIST_SIZE = 28;
/** MNIST digits were scaled so that their longest side is 20 px, then centred by mass in 28 x 28. */
export const MNIST_BOX = 20;

export interface Box {
  x0: number;
  y0: number;
  /** Exclusive. */
  x1: number;
  y1: number;
}

/** The smallest box holding every pixel above `threshold`, or undefined for a blank image. */
export function boundingBox(image: GrayImage, threshold = 0.05): Box | undefined {
  const { width, height, data } = image;
  let box: Box | undefined;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (data[y * width + x] <= threshold) continue;
      if (!box) box = { x0: x, y0: y, x1: x + 1, y1: y + 1 };
      box.x0 = Math.min(box.x0, x);
      box.x1 = Math.max(box.x1, x + 1);
      box.y0 = Math.min(box.y0, y);
      box.y1 = Math.max(box.y1, y + 1);
    }
  }
  return box;
}

export function crop(image: GrayImage, box: Box): GrayImage {
  const out = grayImage(box.x1 - box.x0, box.y1 - box.y0);
  for (let y = 0; y < out.height; y++) {
    const row = (box.y0 + y) * image.width + box.x0;
    out.data.set(image.data.subarray(row, row + out.width), y * out.width);
  }
  return out;
}

/** weights[d] lists [source index, fraction of destination cell d that source cell covers]. */
function areaWeights(from: number, to: number): [number, number][][] {
  const step = from / to;
  return Array.from({ length: to }, (_, d) => {
    const start = d * step;
    const end = start + step;
    const cells: [number, number][] = [];
    for (let s = Math.floor(start); s < Math.min(from, Math.ceil(end)); s++) {
      const overlap = Math.min(end, s + 1) - Math.max(start, s);
      if (overlap > 0) cells.push([s, overlap / step]);
    }
    return cells;
  });
}

/** Resamples by area averaging (each output pixel is the mean of the input area it covers). */
export function resizeArea(image: GrayImage, width: number, height: number): GrayImage {
  const columns = areaWeights(image.width, width);
  const rows = areaWeights(image.height, height);
  const wide = new Float32Array(image.height * width);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < width; x++) {
      let v = 0;
      for (const [s, w] of columns[x]) v += w * image.data[y * image.width + s];
      wide[y * width + x] = v;
    }
  }
  const out = grayImage(width, height);
  for (let y = 0; y < height; y++) {
    for (const [s, w] of rows[y]) {
      for (let x = 0; x < width; x++) out.data[y * width + x] += w * wide[s * width + x];
    }
  }
  return out;
}

/** Centre of mass in pixel coordinates, pixel centres at +0.5. */
export function centerOfMass(image: GrayImage): { x: number; y: number } {
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const v = image.data[y * image.width + x];
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  if (mass === 0) return { x: image.width / 2, y: image.height / 2 };
  return { x: mx / mass, y: my / mass };
}

/** Copies `image` into a blank canvas of `size` x `size` at offset (dx, dy), clipping what falls outside. */
function place(image: GrayImage, size: number, dx: number, dy: number): GrayImage {
  const out = grayImage(size, size);
  for (let y = 0; y < image.height; y++) {
    const ty = y + dy;
    if (ty < 0 || ty >= size) continue;
    for (let x = 0; x < image.width; x++) {
      const tx = x + dx;
      if (tx >= 0 && tx < size) out.data[ty * size + tx] = image.data[y * image.width + x];
    }
  }
  return out;
}

/**
 * MNIST's own preparation of a drawn digit: crop to the ink, scale the longest side to 20 px
 * (keeping the aspect ratio), and place it in 28 x 28 with its centre of mass at the centre.
 * Returns undefined for a blank drawing.
 */
export function mnistPreprocess(image: GrayImage): GrayImage | undefined {
  const box = boundingBox(image);
  if (!box) return undefined;
  const cropped = crop(image, box);
  const scale = MNIST_BOX / Math.max(cropped.width, cropped.height);
  const width = Math.max(1, Math.round(cropped.width * scale));
  const height = Math.max(1, Math.round(cropped.height * scale));
  const small = resizeArea(cropped, width, height);
  const com = centerOfMass(small);
  const half = MNIST_SIZE / 2;
  return place(small, MNIST_SIZE, Math.round(half - com.x), Math.round(half - com.y));
}
