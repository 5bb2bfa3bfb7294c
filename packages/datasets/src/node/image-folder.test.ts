import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shapePictures } from '../synthetic/shape-pictures';
import { encodePng } from './decode-image';
import { imageFolder } from './image-folder';

function folder(files: Record<string, Uint8Array | string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'scratchnet-folder-'));
  for (const [path, bytes] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  }
  return dir;
}

const pixel = (r: number, g: number, b: number, side = 2) =>
  encodePng({
    width: side,
    height: side,
    channels: 3,
    data: Uint8Array.from({ length: 3 * side * side }, (_, i) => [r, g, b][i % 3]),
  });

describe('imageFolder', () => {
  it('reads one subfolder per class, sorted, resized, gray or RGB', () => {
    const dir = folder({
      'red/a.png': pixel(255, 0, 0),
      'red/b.png': pixel(255, 0, 0, 5),
      'blue/z.png': pixel(0, 0, 255, 3),
      '.DS_Store': 'x',
      'blue/.hidden': 'x',
      'README.txt': 'top-level files are not classes',
    });
    const rgb = imageFolder(dir, { size: 4, channels: 3 });
    expect(rgb.classes).toEqual(['blue', 'red']);
    expect(Array.from(rgb.labels)).toEqual([0, 1, 1]);
    expect(rgb.x.shape).toEqual([3, 3, 4, 4]);
    expect(rgb.files).toEqual([join(dir, 'blue/z.png'), join(dir, 'red/a.png'), join(dir, 'red/b.png')]);
    expect(Array.from(rgb.x.data.subarray(0, 48)).filter((_, i) => i % 16 === 0)).toEqual([0, 0, 1]);
    const gray = imageFolder(dir, { size: [2, 3], channels: 1 });
    expect(gray.x.shape).toEqual([3, 1, 2, 3]);
    expect(gray.x.data[6]).toBeCloseTo(0.299, 6);
  });

  it('keeps given classes (a model’s) and refuses a folder that is not one of them', () => {
    const dir = folder({ 'b/1.png': pixel(1, 1, 1), 'c/1.png': pixel(1, 1, 1) });
    expect(Array.from(imageFolder(dir, { size: 2, channels: 1, classes: ['c', 'a', 'b'] }).labels)).toEqual([
      2, 0,
    ]);
    expect(() => imageFolder(dir, { size: 2, channels: 1, classes: ['a', 'b'] })).toThrow(
      `imageFolder: ${join(dir, 'c')} is not one of the classes a, b`,
    );
  });

  it('names the file or folder at fault before returning anything', () => {
    const good = pixel(9, 9, 9);
    const corrupt = good.slice();
    corrupt[40] ^= 0xff;
    const cases: [Record<string, Uint8Array | string>, (dir: string) => string][] = [
      [
        { 'a/1.png': good, 'b/1.png': good.subarray(0, 50) },
        (d) => `${join(d, 'b/1.png')}: corrupt PNG (image data cut short`,
      ],
      [{ 'a/1.png': good, 'b/1.png': corrupt }, (d) => `${join(d, 'b/1.png')}: corrupt PNG`],
      [{ 'a/1.png': good, 'b/n.txt': 'hello' }, (d) => `${join(d, 'b/n.txt')}: not a PNG, JPEG or PGM image`],
      [
        { 'a/1.png': good, 'b/.keep': '' },
        (d) => `imageFolder: the class folder ${join(d, 'b')} holds no pictures`,
      ],
    ];
    for (const [files, message] of cases) {
      const dir = folder(files);
      expect(() => imageFolder(dir, { size: 2, channels: 3 })).toThrow(message(dir));
    }
    const one = folder({ 'a/1.png': good });
    expect(() => imageFolder(one, { size: 2, channels: 3 })).toThrow(
      `imageFolder: ${one} must hold one subfolder of pictures per class, at least two; found only a`,
    );
    expect(() => imageFolder(join(one, 'nothing'), { size: 2, channels: 3 })).toThrow(
      `imageFolder: cannot read the folder ${join(one, 'nothing')} (no such folder)`,
    );
    expect(() => imageFolder(one, { size: 2, channels: 2 as 3 })).toThrow(
      'imageFolder: channels must be 1 (gray) or 3 (RGB), got 2',
    );
  });

  it('reads the synthetic shape pictures back as written', () => {
    const set = shapePictures({ perClass: 3, channels: 3, seed: 1, sizes: [8, 8] });
    const files = Object.fromEntries(
      set.images.map((image, i) => [`${set.classes[set.labels[i]]}/${i}.png`, encodePng(image)]),
    );
    const read = imageFolder(folder(files), { size: 8, channels: 3 });
    expect(read.classes).toEqual([...set.classes].sort());
    const first = set.images[0];
    const i = read.files.findIndex((f) => f.endsWith(`${set.classes[0]}/0.png`));
    // Pixel (0, 0) of each channel, at scale 1.
    expect([0, 1, 2].map((c) => Math.round(read.x.data[i * 192 + c * 64] * 255))).toEqual(
      Array.from(first.data.subarray(0, 3)),
    );
  });
});
