import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Writes `data` to `path` (created or truncated) and fsyncs it; on failure the file is removed. */
export function writeFileSynced(path: string, data: Uint8Array | string): void {
  const fd = openSync(path, 'w');
  try {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(path, { force: true });
    throw error;
  }
  closeSync(fd);
}

/** Persists the entries of a directory (a rename, a new file) across a power loss. */
export function fsyncDirectory(dir: string): void {
  try {
    const dirFd = openSync(dir, 'r');
    fsyncSync(dirFd);
    closeSync(dirFd);
  } catch {
    // Some platforms cannot open or fsync a directory; the rename is still atomic there.
  }
}

/**
 * Writes a file so that a crash at any moment leaves either the old file or the new
 * one, never a torn mix: write a temporary file beside it, fsync, then rename over.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  writeFileSynced(temporary, data);
  renameSync(temporary, path);
  fsyncDirectory(dirname(path));
}
