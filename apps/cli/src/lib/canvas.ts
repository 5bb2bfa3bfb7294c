import type { RasterImage } from '@scratchnet/datasets';
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphPixel } from './pixel-font';

export type Rgb = [number, number, number];

export function parseHexColour(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** A white RGB raster with the few drawing primitives a line plot needs. */
export class Canvas {
  readonly image: RasterImage;

  constructor(width: number, height: number) {
    this.image = { width, height, channels: 3, data: new Uint8Array(width * height * 3).fill(255) };
  }

  setPixel(x: number, y: number, colour: Rgb): void {
    const { width, height, data } = this.image;
    const [px, py] = [Math.round(x), Math.round(y)];
    if (px < 0 || py < 0 || px >= width || py >= height) return;
    data.set(colour, (py * width + px) * 3);
  }

  fillRect(x: number, y: number, w: number, h: number, colour: Rgb): void {
    for (let yy = Math.round(y); yy < Math.round(y + h); yy++) {
      for (let xx = Math.round(x); xx < Math.round(x + w); xx++) this.setPixel(xx, yy, colour);
    }
  }

  /** A line `thickness` pixels wide, stamped as squares along its length. */
  line(x0: number, y0: number, x1: number, y1: number, colour: Rgb, thickness = 1): void {
    const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
    const half = (thickness - 1) / 2;
    for (let s = 0; s <= steps; s++) {
      const x = x0 + ((x1 - x0) * s) / steps;
      const y = y0 + ((y1 - y0) * s) / steps;
      this.fillRect(x - half, y - half, thickness, thickness, colour);
    }
  }

  strokeRect(x: number, y: number, w: number, h: number, colour: Rgb): void {
    this.line(x, y, x + w, y, colour);
    this.line(x, y + h, x + w, y + h, colour);
    this.line(x, y, x, y + h, colour);
    this.line(x + w, y, x + w, y + h, colour);
  }

  /** Text in the 3x5 pixel font at `scale`; `anchor` says which part of the text sits at x. */
  text(
    text: string,
    x: number,
    y: number,
    colour: Rgb,
    scale = 2,
    anchor: 'start' | 'middle' | 'end' = 'start',
  ): void {
    const advance = (GLYPH_WIDTH + 1) * scale;
    const width = text.length * advance - scale;
    const left = anchor === 'start' ? x : anchor === 'middle' ? x - width / 2 : x - width;
    [...text].forEach((char, k) => {
      for (let gy = 0; gy < GLYPH_HEIGHT; gy++) {
        for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
          if (glyphPixel(char, gx, gy))
            this.fillRect(left + k * advance + gx * scale, y + gy * scale, scale, scale, colour);
        }
      }
    });
  }
}
