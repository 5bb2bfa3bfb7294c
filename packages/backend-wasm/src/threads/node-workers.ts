import type { SupervisorMessage } from './node-worker-main';

/** The running workers of a pool; stop() ends them and resolves once they have exited. */
export interface WorkerGroup {
  stop(): Promise<void>;
}

/**
 * The built worker entry beside this file: dist/wasm-threads-worker.js next to the ESM build,
 * dist/wasm-threads-worker.cjs next to the CJS build (where tsup leaves import.meta empty).
 */
function defaultWorkerScript(): URL {
  const meta = import.meta as { url?: string };
  if (meta.url) return new URL('./wasm-threads-worker.js', meta.url);
  if (typeof __filename === 'string') {
    return new URL('./wasm-threads-worker.cjs', `file://${__filename.replaceAll('\\', '/')}`);
  }
  throw new Error('setThreads: cannot locate the worker script; pass { workerScript }');
}

/** A path or URL as a URL (Node's Worker takes both; the supervisor gets it as an href). */
function scriptUrl(script: string | URL): URL {
  if (script instanceof URL) return script;
  return /^[a-z][a-z0-9+.-]*:/i.test(script) && !/^[a-z]:[\\/]/i.test(script)
    ? new URL(script)
    : new URL(`file://${script.startsWith('/') ? '' : '/'}${script.replaceAll('\\', '/')}`);
}

/**
 * Starts `count` Node worker threads (numbered 1..count) serving jobs from `control` on `memory`,
 * through a supervisor thread that starts and watches them (see node-worker-main.ts): a worker that
 * dies later marks the pool broken, so the waiting caller gets an error instead of waiting forever.
 * Resolves once every worker is waiting for work, or rejects (stopping the others) if one fails to start.
 */
export async function startNodeWorkers(
  count: number,
  control: SharedArrayBuffer,
  memory: WebAssembly.Memory,
  workerScript: string | URL | undefined,
): Promise<WorkerGroup> {
  // Imported here, not at the top: the CJS build would otherwise require it on load.
  const { Worker } = await import('node:worker_threads');
  const script = scriptUrl(workerScript ?? defaultWorkerScript());
  const supervisor = new Worker(script, {
    workerData: { role: 'supervisor', control, memory, script: script.href, count },
  });
  const stopped = new Promise<void>((resolve) => supervisor.once('exit', () => resolve()));
  const stop = async () => {
    supervisor.postMessage('stop');
    await new Promise<void>((resolve) => {
      supervisor.once('message', () => resolve());
      supervisor.once('exit', () => resolve());
    });
    await supervisor.terminate();
    await stopped;
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const failed = (detail: string) => reject(new Error(`setThreads: ${detail}`));
      supervisor.once('message', (message: SupervisorMessage) => {
        if (message.type === 'ready') resolve();
        else failed(message.message);
      });
      supervisor.once('error', (error) =>
        failed(`the supervisor (${script.href}) failed to start: ${error.message}`),
      );
      supervisor.once('exit', (code) => failed(`the supervisor (${script.href}) exited with code ${code}`));
    });
  } catch (error) {
    await supervisor.terminate();
    throw error;
  }
  // A process that forgets setThreads(1) may still exit.
  supervisor.unref();
  return { stop };
}
