import { fstatSync, readSync } from 'node:fs';

/** Random access to the bytes of a file: its size, and reads at any position (shorter at the end). */
export interface ByteSource {
  readonly size: number;
  read(position: number, length: number): Uint8Array;
}

/** The bytes of an open file, read on demand. */
export function fileBytes(fd: number): ByteSource {
  return {
    size: fstatSync(fd).size,
    read(position, length) {
      const out = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const n = readSync(fd, out, done, length - done, position + done);
        if (n === 0) break;
        done += n;
      }
      return done === length ? out : out.subarray(0, done);
    },
  };
}
