import { describe, expect, it } from 'vitest';
import { createControlBuffer } from './control-block';
import { createArena } from './shared-arena';
import { WEB_WORKER_READY, type WebWorkerStart } from './web-worker-protocol';
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

function start(answers: ((w: FakeWorker) => void)[], script?: string) {
  const workers: FakeWorker[] = [];
  const control = createControlBuffer();
  const memory = createArena();
  const group = startWebWorkers(answers.length, control, memory, script, () => {
    const worker = new FakeWorker(answers[workers.length]);
    workers.push(worker);
    return worker;
  });
  return { group, workers, control, memory };
}

describe('starting the pool in a browser (Web Workers)', () => {
  it('hands each worker the shared control block, the arena and its number, and resolves once all are ready', async () => {
    const { group, workers, control, memory } = start([ready, ready, ready]);
    const { stop } = await group;
    expect(workers.map((w) => w.started)).toEqual([1, 2, 3].map((thread) => [{ control, memory, thread }]));
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
    const group = startWebWorkers(2, createControlBuffer(), createArena(), 'https://elsewhere/w.js', () => {
      throw new Error('SecurityError: the script is on another origin');
    });
    await expect(group).rejects.toThrow(
      /worker 1 \(https:\/\/elsewhere\/w\.js\) failed to start: SecurityError/,
    );
  });
});
