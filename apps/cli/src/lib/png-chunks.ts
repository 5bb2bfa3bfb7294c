import { crc32 } from './crc32';

/** The 8 bytes every PNG file starts with. */
export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

export interface PngChunk {
  type: string;
  data: Uint8Array;
}

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

/** length, type, data, CRC of type + data. */
export function writeChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

/** Every chunk up to IEND, checking lengths and CRCs; `source` names the file in errors. */
export function readChunks(bytes: Uint8Array, source: string): PngChunk[] {
  if (!isPng(bytes)) throw new Error(`${source}: not a PNG file (bad signature)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: PngChunk[] = [];
  let offset = 8;
  while (offset < bytes.length) {
    if (offset + 12 > bytes.length)
      throw new Error(`${source}: truncated PNG (chunk header at byte ${offset})`);
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const end = offset + 8 + length;
    if (end + 4 > bytes.length) throw new Error(`${source}: truncated PNG (chunk ${type} at byte ${offset})`);
    if (crc32(bytes, offset + 4, end) !== view.getUint32(end)) {
      throw new Error(`${source}: corrupt PNG (CRC mismatch in chunk ${type} at byte ${offset})`);
    }
    chunks.push({ type, data: bytes.subarray(offset + 8, end) });
    if (type === 'IEND') return chunks;
    offset = end + 4;
  }
  throw new Error(`${source}: truncated PNG (no IEND chunk)`);
}
