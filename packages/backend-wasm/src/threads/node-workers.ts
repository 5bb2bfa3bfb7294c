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

/**
 * Starts `count` Node worker threads (numbered 1..count) serving jobs from `control` on `memory`;
 * resolves once every one is waiting for work, or rejects (stopping the others) if one fails to start.
 */
export async function startNodeWorkers(
  count: number,
  control: SharedArrayBuffer,
  memory: WebAssembly.Memory,
  workerScript: string | URL | undefined,
): Promise<WorkerGroup> {
  // Imported here, not at the top: the CJS build would otherwise require it on load.
  const { Worker } = await import('node:worker_threads');
  const script = workerScript ?? defaultWorkerScript();
  const workers: InstanceType<typeof Worker>[] = [];
  const started = Array.from({ length: count }, (_, i) => {
    const worker = new Worker(script, { workerData: { control, memory, thread: i + 1 } });
    workers.push(worker);
    return new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', (error) =>
        reject(
          new Error(`setThreads: worker ${i + 1} (${String(script)}) failed to start: ${error.message}`),
        ),
      );
      worker.once('exit', (code) =>
        reject(
          new Error(
            `setThreads: worker ${i + 1} (${String(script)}) exited with code ${code} before it was ready`,
          ),
        ),
      );
    });
  });
  const stop = async () => {
    await Promise.all(workers.map((w) => w.terminate()));
  };
  try {
    await Promise.all(started);
  } catch (error) {
    await stop();
    throw error;
  }
  // A process that forgets setThreads(1) may still exit.
  for (const worker of workers) worker.unref();
  return { stop };
}
