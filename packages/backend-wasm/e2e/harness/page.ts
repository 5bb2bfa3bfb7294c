import type { Ask, OwnerAnswer, OwnerCommand } from './protocol';

/**
 * The page only relays: the model runs in the owner worker, since a page's main thread may not
 * block in Atomics.wait. The page stays free, so its timer can report an owner that hangs.
 */
const owner = new Worker(new URL('owner.js', location.href), { type: 'module' });
const answers = new Map<number, (answer: OwnerAnswer) => void>();
let nextId = 0;
owner.addEventListener('message', ({ data }: MessageEvent<{ id: number; answer: OwnerAnswer }>) => {
  answers.get(data.id)?.(data.answer);
  answers.delete(data.id);
});

const ask: Ask = (command: OwnerCommand, ms: number) =>
  new Promise((resolve, reject) => {
    const id = nextId++;
    const timer = setTimeout(
      () => reject(new Error(`the owner worker did not answer ${JSON.stringify(command)} within ${ms} ms`)),
      ms,
    );
    answers.set(id, (answer) => {
      clearTimeout(timer);
      resolve(answer);
    });
    owner.postMessage({ id, command });
  });

(globalThis as { ask?: Ask }).ask = ask;
