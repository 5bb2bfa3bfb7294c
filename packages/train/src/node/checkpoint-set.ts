import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fsyncDirectory, writeFileSynced } from './atomic-write';

/**
 * A checkpoint is a SET of files (weights, architecture, training state) that must change together:
 * new weights beside the old training state would resume a different run. Files alone can be
 * replaced atomically, a set cannot, so a save is a small redo log inside the checkpoint folder:
 *
 * 1. write every file and a manifest (names, sizes, SHA-256) into `.staging-save-<pid>`, fsynced;
 * 2. rename that folder to `.pending-save` — the commit point: from here on the new set is the checkpoint;
 * 3. move each file out of `.pending-save` into the folder (one atomic rename each), the manifest
 *    last, then remove files the new set does not have and the empty `.pending-save`.
 *
 * A reader sees each file in `.pending-save` if it is still there, else in the folder, so at every
 * instant (killed anywhere) it reads either the whole old set or the whole new one. The next save
 * first finishes a pending one. Two processes must not save into the same folder at once
 * (out-dir-lock.ts keeps a second training run out).
 */

export const MANIFEST = 'checkpoint.json';
const PENDING = '.pending-save';
const STAGING_PREFIX = '.staging-save-';

interface Manifest {
  format: 'scratchnet.checkpoint';
  version: 1;
  /** When the set was saved (ISO 8601; absent in sets saved before it was recorded). */
  savedAt?: string;
  /** name -> { bytes, sha256 } of every file in the set, the manifest aside. */
  files: Record<string, { bytes: number; sha256: string }>;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Where the committed copy of `name` is now: in the pending set while a save is being finished. */
export function checkpointFile(dir: string, name: string): string {
  const pending = join(dir, PENDING, name);
  return existsSync(pending) ? pending : join(dir, name);
}

/** The committed manifest, or undefined for a folder written before manifests (or by hand). */
export function readManifest(dir: string): Manifest | undefined {
  const path = checkpointFile(dir, MANIFEST);
  if (!existsSync(path)) return undefined;
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`loadModel: ${path} is unreadable (${(error as Error).message})`);
  }
  if (manifest?.format !== 'scratchnet.checkpoint' || typeof manifest.files !== 'object' || !manifest.files) {
    throw new Error(`loadModel: ${path} is not a scratchnet checkpoint manifest`);
  }
  return manifest;
}

/** Throws unless `bytes` are the `name` the manifest recorded (a set copied or edited half-way). */
export function checkAgainstManifest(
  manifest: Manifest | undefined,
  dir: string,
  name: string,
  bytes: Uint8Array,
): void {
  const expected = manifest?.files[name];
  if (!expected) return;
  if (expected.bytes !== bytes.length || expected.sha256 !== sha256(bytes)) {
    throw new Error(
      `loadModel: ${join(dir, name)} is not the file saved with this checkpoint (${bytes.length} bytes, ` +
        `${MANIFEST} recorded ${expected.bytes}): the folder holds files from different saves. ` +
        `Delete ${MANIFEST} to load the files as they are.`,
    );
  }
}

/** Moves a committed pending set into place (idempotent: files already moved are skipped). */
export function finishPendingSave(dir: string): void {
  const pending = join(dir, PENDING);
  if (!existsSync(pending)) return;
  // The manifest moves last: without it here, every file is already in place.
  if (existsSync(join(pending, MANIFEST))) {
    const manifest = JSON.parse(readFileSync(join(pending, MANIFEST), 'utf8')) as Manifest;
    for (const name of Object.keys(manifest.files)) {
      if (existsSync(join(pending, name))) renameSync(join(pending, name), join(dir, name));
    }
    renameSync(join(pending, MANIFEST), join(dir, MANIFEST));
    fsyncDirectory(dir);
  }
  rmSync(pending, { recursive: true, force: true });
}

/**
 * Replaces the checkpoint set in `dir` by `files` (name -> contents) as one atomic step, then
 * deletes the `obsolete` names the new set lacks (readers already ignore files a manifest omits).
 */
export function writeCheckpointSet(
  dir: string,
  files: Record<string, Uint8Array | string>,
  obsolete: readonly string[] = [],
): void {
  mkdirSync(dir, { recursive: true });
  finishPendingSave(dir);
  for (const entry of readdirSync(dir)) {
    if (entry.startsWith(STAGING_PREFIX)) rmSync(join(dir, entry), { recursive: true, force: true });
  }
  const staging = join(dir, `${STAGING_PREFIX}${process.pid}`);
  mkdirSync(staging);
  const manifest: Manifest = {
    format: 'scratchnet.checkpoint',
    version: 1,
    savedAt: new Date().toISOString(),
    files: {},
  };
  for (const [name, data] of Object.entries(files)) {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    writeFileSynced(join(staging, name), bytes);
    manifest.files[name] = { bytes: bytes.length, sha256: sha256(bytes) };
  }
  writeFileSynced(join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  fsyncDirectory(staging);
  renameSync(staging, join(dir, PENDING));
  fsyncDirectory(dir);
  finishPendingSave(dir);
  for (const name of obsolete) if (!(name in files)) rmSync(join(dir, name), { force: true });
}
