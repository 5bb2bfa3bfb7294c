import { describe, expect, it } from 'vitest';
import { createControlBuffer } from './control-block';
import { createArena } from './shared-arena';
import { type LockManagerLike, WEB_WORKER_READY, type WebWorkerStart } from './web-worker-protocol';
import { startWebWorkers, type WebWorkerLike } from './web-workers';

/** A stand-in for a Web Worker that answers its start message as told. */
class FakeWorker implements WebWorkerLike {
  readonly started: WebWorkerStart[] = [];
  terminated = false;
  prevented = false;
  private readonly listeners: Record<string, ((event: Event) => void)[]> = { message: [], error: [] };

  constructor(private readonly answer: (worker: FakeWorker) => void) {}

  addEventListener(type: 'message' | 'error', listener: (event: Event) => void): void {
    this.listeners[type].push(listener);
  }

  postMessage(message: WebWorkerStart): void {
    this.started.push(message);
    queueMicrotask(() => this.answer(this));
  }

  terminate(): void {
    this.terminated = true;
  }

  emit(type: 'message' | 'error', fields: Record<string, unknown>): void {
    const event = { ...fields, preventDefault: () => (this.prevented = true) } as unknown as Event;
    for (const listener of this.listeners[type]) listener(event);
  }
}

const ready = (w: FakeWorker) => w.emit('message', { data: WEB_WORKER_READY });

/** Starts `answers.length` workers, or with `locks` one fewer and the watcher (answering last). */
function start(answers: ((w: FakeWorker) => void)[], script?: string, locks: LockManagerLike | null = null) {
  const workers: FakeWorker[] = [];
  const control = createControlBuffer();
  const memory = createArena();
  const group = startWebWorkers(
    locks ? answers.length - 1 : answers.length,
    control,
    memory,
    script,
    () => {
      const worker = new FakeWorker(answers[workers.length]);
      workers.push(worker);
      return worker;
    },
    locks,
  );
  return { group, workers, control, memory };
}

describe('starting the pool in a browser (Web Workers)', () => {
  it('hands each worker the shared control block, the arena and its number, and resolves once all are ready', async () => {
    const { group, workers, control, memory } = start([ready, ready, ready]);
    const { stop } = await group;
    expect(workers.map((w) => w.started)).toEqual(
      [1, 2, 3].map((thread) => [{ role: 'job', control, memory, thread, lock: null }]),
    );
    expect(workers.some((w) => w.terminated)).toBe(false);
    await stop();
    expect(workers.every((w) => w.terminated)).toBe(true);
  });

  it('waits for the ready message, not for any message', async () => {
    let settled = false;
    const { group, workers } = start([(w) => w.emit('message', { data: 'hello' })]);
    void group.then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(settled).toBe(false);
    ready(workers[0]);
    await group;
  });

  it('rejects naming the worker and its script when one fails, and ends all of them', async () => {
    const fail = (w: FakeWorker) => w.emit('error', { message: 'SyntaxError: Unexpected token' });
    const { group, workers } = start([ready, fail], '/assets/threads.js');
    await expect(group).rejects.toThrow(
      'setThreads: worker 2 (/assets/threads.js) failed to start: SyntaxError: Unexpected token',
    );
    expect(workers.every((w) => w.terminated)).toBe(true);
    expect(workers[1].prevented).toBe(true);
  });

  it('says the script did not load when the error carries no message (a 404)', async () => {
    const { group } = start([(w) => w.emit('error', {})]);
    await expect(group).rejects.toThrow(
      /worker 1 \(wasm-threads-web-worker\.js\) failed to start: its script did not load/,
    );
  });

  it('reports a worker that cannot be created at all', async () => {
    const group = startWebWorkers(
      2,
      createControlBuffer(),
      createArena(),
      'https://elsewhere/w.js',
      () => {
        throw new Error('SecurityError: the script is on another origin');
      },
      null,
    );
    await expect(group).rejects.toThrow(
      /worker 1 \(https:\/\/elsewhere\/w\.js\) failed to start: SecurityError/,
    );
  });

  it('with Web Locks, gives each worker its own life lock and then starts a watcher on all of them', async () => {
    const locks: LockManagerLike = { request: async () => undefined };
    const order: string[] = [];
    const watchLast = (w: FakeWorker) => {
      order.push(w.started[0].role);
      ready(w);
    };
    const { group, workers, control } = start([watchLast, watchLast, watchLast], '/w.js', locks);
    const { stop } = await group;
    expect(order).toEqual(['job', 'job', 'watch']);
    const jobs = workers.slice(0, 2).map((w) => w.started[0] as Extract<WebWorkerStart, { role: 'job' }>);
    expect(new Set(jobs.map((j) => j.lock)).size).toBe(2);
    expect(jobs.every((j) => /^scratchnet-wasm-threads\/[\w-]+\/worker-[12]$/.test(j.lock ?? ''))).toBe(true);
    expect(workers[2].started).toEqual([
      {
        role: 'watch',
        control,
        locks: jobs.map((j) => j.lock),
        labels: ['worker 1 (/w.js)', 'worker 2 (/w.js)'],
      },
    ]);
    // Ending the pool ends the watcher first, so the workers' locks going free is not taken for a death.
    const ended: number[] = [];
    workers.forEach((w, i) => {
      w.terminate = () => ended.push(i);
    });
    await stop();
    expect(ended).toEqual([2, 1, 0]);
  });

  it('gives two pools different lock names', async () => {
    const locks: LockManagerLike = { request: async () => undefined };
    const names = async () => {
      const { group, workers } = start([ready, ready], undefined, locks);
      await group;
      return (workers[0].started[0] as { lock: string }).lock;
    };
    expect(await names()).not.toBe(await names());
  });
});
