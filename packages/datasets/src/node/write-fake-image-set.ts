import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type FakeImageIdx, fakeImageIdx } from '../testing/fake-image-idx';
import { idxFileNames, type Split } from './locate-image-set';

/** Writes a fake MNIST-format split into `dir` (for tests), gzip'd or plain; returns what it wrote. */
export function writeFakeImageSet(
  dir: string,
  split: Split,
  { count = 5, gzip = false, seed = 1 }: { count?: number; gzip?: boolean; seed?: number } = {},
): FakeImageIdx {
  mkdirSync(dir, { recursive: true });
  const fake = fakeImageIdx(count, { seed });
  const names = idxFileNames(split);
  const write = (name: string, bytes: Uint8Array) =>
    writeFileSync(join(dir, gzip ? `${name}.gz` : name), gzip ? gzipSync(bytes) : bytes);
  write(names.images, fake.images);
  write(names.labels, fake.labels);
  return fake;
}
