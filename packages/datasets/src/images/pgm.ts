import { MAX_IMAGE_PIXELS, type RasterImage } from './gray-from-raster';

export function isPgm(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x50 && (bytes[1] === 0x32 || bytes[1] === 0x35);
}

const isSpace = (b: number) =>
  b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x0b || b === 0x0c;

/** Every value a PGM may hold (sizes up to the pixel limit, grey levels up to 65535) fits in 10 digits (2^32 too). */
const MAX_DIGITS = 10;

/** Reads whitespace-separated decimal tokens, skipping `#` comments, from `offset`. */
class TokenReader {
  constructor(
    private readonly bytes: Uint8Array,
    public offset: number,
    private readonly source: string,
  ) {}

  next(what: string): number {
    const { bytes } = this;
    while (this.offset < bytes.length) {
      if (isSpace(bytes[this.offset])) this.offset++;
      else if (bytes[this.offset] === 0x23)
        while (this.offset < bytes.length && bytes[this.offset] !== 0x0a) this.offset++;
      else break;
    }
    const start = this.offset;
    while (this.offset < bytes.length && bytes[this.offset] >= 0x30 && bytes[this.offset] <= 0x39)
      this.offset++;
    if (this.offset - start > MAX_DIGITS) {
      throw new Error(
        `${this.source}: corrupt PGM (${what} has more than ${MAX_DIGITS} digits at byte ${start})`,
      );
    }
    if (start === this.offset) {
      const found =
        this.offset < bytes.length ? `'${String.fromCharCode(bytes[this.offset])}'` : 'the end of the file';
      throw new Error(`${this.source}: corrupt PGM (expected ${what} at byte ${start}, found ${found})`);
    }
    return Number(String.fromCharCode(...bytes.subarray(start, this.offset)));
  }
}

/** Decodes a PGM (P2 text or P5 binary, any maxval up to 65535) to 8-bit grey. */
export function decodePgm(bytes: Uint8Array, source = 'image'): RasterImage {
  if (!isPgm(bytes)) throw new Error(`${source}: not a PGM file (expected 'P2' or 'P5' at the start)`);
  const binary = bytes[1] === 0x35;
  const tokens = new TokenReader(bytes, 2, source);
  const width = tokens.next('the width');
  const height = tokens.next('the height');
  const maxval = tokens.next('the maximum grey value');
  if (width < 1 || height < 1 || width * height > MAX_IMAGE_PIXELS)
    throw new Error(`${source}: unsupported PGM size ${width}x${height}`);
  if (maxval < 1 || maxval > 65535)
    throw new Error(`${source}: corrupt PGM (maximum grey value ${maxval} is outside [1, 65535])`);
  const count = width * height;
  // Text pixels take at least a digit each: refuse a short file before allocating.
  const textLeft = bytes.length - tokens.offset;
  if (!binary && textLeft < count) {
    throw new Error(
      `${source}: truncated PGM (${width}x${height} needs at least ${count} bytes of pixel text, found ${textLeft})`,
    );
  }
  const data = new Uint8Array(count);
  const scale = (v: number, i: number) => {
    if (v > maxval)
      throw new Error(`${source}: corrupt PGM (pixel ${i} is ${v}, above the maximum ${maxval})`);
    return Math.round((v * 255) / maxval);
  };
  if (!binary) {
    for (let i = 0; i < count; i++) data[i] = scale(tokens.next(`pixel ${i}`), i);
    return { width, height, channels: 1, data };
  }
  const start = tokens.offset + 1; // exactly one whitespace byte separates the header from the pixels
  const size = maxval > 255 ? 2 : 1;
  if (bytes.length < start + count * size) {
    throw new Error(
      `${source}: truncated PGM (${width}x${height} needs ${count * size} pixel bytes, found ${Math.max(0, bytes.length - start)})`,
    );
  }
  for (let i = 0; i < count; i++) {
    const p = start + i * size;
    data[i] = scale(size === 2 ? (bytes[p] << 8) | bytes[p + 1] : bytes[p], i);
  }
  return { width, height, channels: 1, data };
}

/** A P5 (binary) PGM of an 8-bit grey image. */
export function encodePgm(image: RasterImage): Uint8Array {
  if (image.channels !== 1)
    throw new Error(`encodePgm: expected a grey image, got ${image.channels} channels`);
  const header = new TextEncoder().encode(`P5\n${image.width} ${image.height}\n255\n`);
  const out = new Uint8Array(header.length + image.data.length);
  out.set(header);
  out.set(image.data, header.length);
  return out;
}
