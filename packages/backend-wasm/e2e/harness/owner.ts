import {
  conv2d,
  conv2dInputSize,
  conv2dWeightSize,
  explainKernel,
  resolveConv2dGeometry,
  setBackend,
  Tensor,
} from '@scratchnet/tensor';
import { getThreads, setThreads } from '../../src/index';
import { type Death, dieLock, type OwnerAnswer, type OwnerCommand } from './protocol';

/**
 * The worker that owns the model, as an application's would: the wasm backend, its pool started
 * from here, and a convolution large enough (38 MFLOP, above the backend's 20 MFLOP threshold) to
 * run as a job of the pool.
 */
setBackend('wasm');

const geometry = resolveConv2dGeometry([8, 16, 32, 32], [16, 16, 3, 3], { padding: 1 });
const x = new Tensor(
  Float32Array.from({ length: conv2dInputSize(geometry) }, (_, i) => Math.sin(i)),
  [8, 16, 32, 32],
);
const w = new Tensor(
  Float32Array.from({ length: conv2dWeightSize(geometry) }, (_, i) => Math.cos(i) / 16),
  [16, 16, 3, 3],
);

/** FNV-1a of the bytes: equal hashes mean bit-identical results. */
function hash(data: Float32Array): string {
  let h = 0x811c9dc5;
  for (const byte of new Uint8Array(data.buffer, data.byteOffset, data.byteLength)) {
    h = Math.imul(h ^ byte, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * setThreads with the lock of a death held while the workers start (see dying-job-worker.ts); released
 * before answering, so that the workers a restart starts later serve jobs as the real ones.
 */
async function startThreads(n: number, script: string, dying: Death | undefined): Promise<void> {
  const workerScript = new URL(script, location.href);
  if (!dying) return setThreads(n, { workerScript });
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let granted = () => {};
  const isHeld = new Promise<void>((resolve) => {
    granted = resolve;
  });
  const held = navigator.locks.request(dieLock(dying), () => {
    granted();
    return released;
  });
  await isHeld;
  try {
    await setThreads(n, { workerScript });
  } finally {
    release();
    await held;
  }
}

async function run(command: OwnerCommand): Promise<OwnerAnswer> {
  switch (command.op) {
    case 'threads':
      await startThreads(command.n, command.script, command.dying);
      return { op: 'threads', threads: getThreads() };
    case 'conv': {
      const { threads } = explainKernel({ kernel: 'conv2dForward', geometry, dtype: 'float32' });
      return { op: 'conv', threads, hash: hash(conv2d(x, w, null, { padding: 1 }).data as Float32Array) };
    }
    case 'locks': {
      const { held = [], pending = [] } = await navigator.locks.query();
      const names = (locks: LockInfo[]) => locks.map((lock) => lock.name ?? '');
      return { op: 'locks', held: names(held), pending: names(pending) };
    }
  }
}

addEventListener('message', async ({ data }: MessageEvent<{ id: number; command: OwnerCommand }>) => {
  let answer: OwnerAnswer;
  try {
    answer = await run(data.command);
  } catch (error) {
    answer = { op: 'error', error: (error as Error)?.message ?? String(error) };
  }
  postMessage({ id: data.id, answer });
});
