import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * NumPy's float32 matmul (OpenBLAS or whichever BLAS NumPy links): the sgemm roof the native GEMM
 * is measured against. A persistent Python worker multiplies on each request, so every timed call
 * is one `a @ b` plus a line of pipe traffic (microseconds against milliseconds of GEMM).
 * Interpreter: $SCRATCHNET_BENCH_PYTHON, else python3. The bench never installs NumPy.
 */
const PYTHON = process.env.SCRATCHNET_BENCH_PYTHON || 'python3';
const THREADS = process.env.SCRATCHNET_NUM_THREADS || '2';

const WORKER = `
import sys, numpy as np
a = b = None
for line in sys.stdin:
    cmd = line.split()
    if cmd[0] == 'size':
        n = int(cmd[1]); rng = np.random.default_rng(1)
        a = rng.standard_normal((n, n), dtype=np.float32); b = rng.standard_normal((n, n), dtype=np.float32)
        c = a @ b
    else:
        c = a @ b
    print('ok', flush=True)
`;

let worker;
let lines;

/** The pipe keeps Node alive only while a request is in flight, so the bench exits when done. */
function request(text) {
  worker.stdout.ref();
  worker.stdin.write(`${text}\n`);
  return new Promise((resolve, reject) => {
    lines.once('line', (line) => {
      worker.stdout.unref();
      if (line === 'ok') resolve();
      else reject(new Error(`numpy worker: ${line}`));
    });
  });
}

export default {
  name: 'numpy',
  async available() {
    const probe = spawnSync(PYTHON, ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      return `NumPy not importable by ${PYTHON}; to include it: python3 -m pip install numpy (or apt-get install python3-numpy), or set SCRATCHNET_BENCH_PYTHON`;
    }
    const threadEnv = { OPENBLAS_NUM_THREADS: THREADS, OMP_NUM_THREADS: THREADS, MKL_NUM_THREADS: THREADS };
    worker = spawn(PYTHON, ['-c', WORKER], {
      env: { ...process.env, ...threadEnv },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    worker.unref();
    worker.stdin.unref();
    worker.stdout.unref();
    worker.stdin.on('error', () => {});
    lines = createInterface({ input: worker.stdout });
    console.log(`  numpy ${probe.stdout.trim()}, ${THREADS} BLAS threads`);
    return true;
  },
  async matmul(size) {
    await request(`size ${size}`);
    return () => request('run');
  },
};
