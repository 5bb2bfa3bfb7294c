import type { GreyImage } from './raster-image';

/** MNIST digits: ink fitted in a 20x20 box, centred by centre of mass in a 28x28 field. */
export const MNIST_SIZE = 28;
export const MNIST_BOX = 20;
/** Ink below this level (of 1) is background noise and does not count towards the bounding box. */
const INK_THRESHOLD = 0.1;

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Ink in [0, 1]: the grey levels, inverted when the border is mostly light (dark digit on white paper). */
export function inkOf(image: GreyImage): Float32Array {
  const { width, height, data } = image;
  let borderSum = 0;
  let borderCount = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (y === 0 || y === height - 1 || x === 0 || x === width - 1) {
        borderSum += data[y * width + x];
        borderCount++;
      }
    }
  }
  const invert = borderSum / borderCount > 0.5;
  return invert ? data.map((v) => 1 - v) : Float32Array.from(data);
}

function inkBox(ink: Float32Array, width: number, height: number): Box | undefined {
  let box: Box | undefined;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] < INK_THRESHOLD) continue;
      box = box
        ? {
            x0: Math.min(box.x0, x),
            y0: Math.min(box.y0, y),
            x1: Math.max(box.x1, x + 1),
            y1: Math.max(box.y1, y + 1),
          }
        : { x0: x, y0: y, x1: x + 1, y1: y + 1 };
    }
  }
  return box;
}

/**
 * Area resampling of the `box` region to outW x outH: each output pixel averages the source area it
 * covers (exact for downscaling, a box filter when enlarging).
 */
export function resampleArea(
  ink: Float32Array,
  width: number,
  box: Box,
  outW: number,
  outH: number,
): Float32Array {
  const out = new Float32Array(outW * outH);
  const sx = (box.x1 - box.x0) / outW;
  const sy = (box.y1 - box.y0) / outH;
  for (let oy = 0; oy < outH; oy++) {
    const top = box.y0 + oy * sy;
    const bottom = top + sy;
    for (let ox = 0; ox < outW; ox++) {
      const left = box.x0 + ox * sx;
      const right = left + sx;
      let sum = 0;
      for (let y = Math.floor(top); y < Math.ceil(bottom); y++) {
        const wy = Math.min(bottom, y + 1) - Math.max(top, y);
        for (let x = Math.floor(left); x < Math.ceil(right); x++) {
          const wx = Math.min(right, x + 1) - Math.max(left, x);
          sum += wx * wy * ink[y * width + x];
        }
      }
      out[oy * outW + ox] = sum / (sx * sy);
    }
  }
  return out;
}

function centreOfMass(pixels: Float32Array, width: number): [number, number] {
  let mass = 0;
  let cx = 0;
  let cy = 0;
  pixels.forEach((v, i) => {
    mass += v;
    cx += v * ((i % width) + 0.5);
    cy += v * (Math.floor(i / width) + 0.5);
  });
  return [cx / mass, cy / mass];
}

/**
 * Converts a picture of a digit of any size to a 28x28 MNIST-like image (white ink on black, in
 * [0, 1]): invert if the background is light, crop to the ink's bounding box, scale the longer side
 * to 20 px keeping the aspect ratio, and place it so that its centre of mass is the field's centre.
 */
export function toMnistDigit(image: GreyImage, source = 'image'): Float32Array {
  const ink = inkOf(image);
  const box = inkBox(ink, image.width, image.height);
  if (!box)
    throw new Error(`${source}: the image is blank (no ink found, even after inverting a light background)`);
  const [w, h] = [box.x1 - box.x0, box.y1 - box.y0];
  const scale = MNIST_BOX / Math.max(w, h);
  const outW = Math.max(1, Math.round(w * scale));
  const outH = Math.max(1, Math.round(h * scale));
  const digit = resampleArea(ink, image.width, box, outW, outH);
  const [cx, cy] = centreOfMass(digit, outW);
  const dx = Math.round(MNIST_SIZE / 2 - cx);
  const dy = Math.round(MNIST_SIZE / 2 - cy);
  const out = new Float32Array(MNIST_SIZE * MNIST_SIZE);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const [tx, ty] = [x + dx, y + dy];
      if (tx >= 0 && tx < MNIST_SIZE && ty >= 0 && ty < MNIST_SIZE)
        out[ty * MNIST_SIZE + tx] = Math.min(1, digit[y * outW + x]);
    }
  }
  return out;
}
