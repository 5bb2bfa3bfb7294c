import { describe, expect, it } from 'vitest';
import { BROKEN, createControlBuffer, PENDING, takeError } from './control-block';
import { createArena } from './shared-arena';
import { webWorkerMain } from './web-worker-main';
import { type LockManagerLike, WEB_WORKER_READY } from './web-worker-protocol';

/**
 * Web Locks as a browser keeps them, for workers simulated on this thread: a request is granted
 * when the lock is free, else queued until its holder ends (`end`, as when the browser ends a worker).
 */
class Locks implements LockManagerLike {
  private readonly held = new Set<string>();
  private readonly queued = new Map<string, (() => unknown)[]>();

  request(name: string, callback: () => unknown): Promise<unknown> {
    if (!this.held.has(name)) {
      this.held.add(name);
      callback();
    } else this.queued.set(name, [...(this.queued.get(name) ?? []), callback]);
    return new Promise(() => {});
  }

  isHeld(name: string): boolean {
    return this.held.has(name);
  }

  end(name: string): void {
    this.held.delete(name);
    const next = this.queued.get(name)?.shift();
    if (next) {
      this.held.add(name);
      next();
    }
  }
}

function scope() {
  const posted: unknown[] = [];
  return { posted, closed: false, postMessage: (m: unknown) => posted.push(m), close() {} };
}

describe('a pool worker in a browser', () => {
  const control = createControlBuffer();
  const memory = createArena();

  it('serves jobs while it holds its life lock, and says ready from inside it', () => {
    const locks = new Locks();
    const s = scope();
    let heldWhileServing = false;
    webWorkerMain(
      { role: 'job', control, memory, thread: 1, lock: 'life-1' },
      s,
      locks,
      (_c, _m, thread, ready) => {
        heldWhileServing = locks.isHeld('life-1') && thread === 1;
        ready();
      },
    );
    expect(heldWhileServing).toBe(true);
    expect(s.posted).toEqual([WEB_WORKER_READY]);
  });

  it('serves without a lock where the browser has none', () => {
    const s = scope();
    let served = false;
    webWorkerMain(
      { role: 'job', control, memory, thread: 2, lock: null },
      s,
      undefined,
      (_c, _m, _t, ready) => {
        served = true;
        ready();
      },
    );
    expect(served).toBe(true);
  });

  it('the watcher marks the pool broken, naming the worker, when a worker ends; not before', () => {
    const locks = new Locks();
    const job = Int32Array.from([0]);
    const shared = createControlBuffer();
    const c = new Int32Array(shared);
    for (const thread of [1, 2])
      webWorkerMain(
        { role: 'job', control: shared, memory, thread, lock: `life-${thread}` },
        scope(),
        locks,
        () => {
          job[0]++;
        },
      );
    const watcher = scope();
    webWorkerMain(
      {
        role: 'watch',
        control: shared,
        locks: ['life-1', 'life-2'],
        labels: ['worker 1 (w.js)', 'worker 2 (w.js)'],
      },
      watcher,
      locks,
    );
    expect(watcher.posted).toEqual([WEB_WORKER_READY]);
    // A caller is waiting for one job of two parts.
    Atomics.store(c, PENDING, 2);
    expect(Atomics.load(c, BROKEN)).toBe(0);
    locks.end('life-2');
    expect(Atomics.load(c, BROKEN)).toBe(1);
    expect(Atomics.load(c, PENDING)).toBe(0);
    expect(takeError(c)).toBe(
      'wasm threads: worker 2 (w.js) ended while the pool was running (the browser stopped it)',
    );
  });

  it('the watcher refuses to start without Web Locks', () => {
    expect(() =>
      webWorkerMain({ role: 'watch', control, locks: ['a'], labels: ['worker 1'] }, scope(), undefined),
    ).toThrow('the watcher needs Web Locks (navigator.locks), which this browser lacks');
  });
});
