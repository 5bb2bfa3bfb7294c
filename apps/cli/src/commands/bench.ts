import { SoftmaxCrossEntropy } from '@scratchnet/losses';
import { Adam } from '@scratchnet/optimizers';
import {
  conv2d,
  conv2dFlops,
  createRng,
  getBackend,
  listBackends,
  matmul,
  resolveConv2dGeometry,
  setBackend,
  Tensor,
} from '@scratchnet/tensor';
import { fit, presets } from '@scratchnet/train';
import { loadDataset } from '../lib/datasets';
import { UsageError } from '../lib/errors';
import { grouped, table } from '../lib/format';
import { type BackendOption, setupBackend } from '../lib/native-backend';
import { printJson, say } from '../lib/output';
import { fastestRun } from '../lib/timing';

export const BENCH_TARGETS = ['conv', 'matmul', 'mnist'] as const;
export type BenchTarget = (typeof BENCH_TARGETS)[number];

export interface BenchOptions {
  backend?: BackendOption;
  threads?: number;
  samples?: number;
  json?: boolean;
}

interface Workload {
  name: string;
  /** Work per run: FLOPs, or samples for the training benchmark. */
  work: number;
  unit: 'GFLOP/s' | 'samples/s';
  /** Seconds per run on the active backend. */
  time: () => Promise<number>;
}

const rng = createRng(0);
const randn = (shape: number[]) => Tensor.randn(shape, { rng });

function convWorkloads(): Workload[] {
  const shapes: [string, number[], number[], number][] = [
    ['lenet conv1 64x1x28x28 * 32x1x5x5', [64, 1, 28, 28], [32, 1, 5, 5], 2],
    ['lenet conv2 64x32x14x14 * 64x32x5x5', [64, 32, 14, 14], [64, 32, 5, 5], 2],
  ];
  return shapes.map(([name, xs, ws, padding]) => {
    const [x, w, b] = [randn(xs), randn(ws), randn([ws[0]])];
    const flops = conv2dFlops(resolveConv2dGeometry(x.shape, w.shape, { padding }));
    return {
      name,
      work: flops,
      unit: 'GFLOP/s',
      time: async () => fastestRun(() => conv2d(x, w, b, { padding })),
    };
  });
}

function matmulWorkloads(): Workload[] {
  return [256, 512].map((n) => {
    const [a, b] = [randn([n, n]), randn([n, n])];
    return {
      name: `matmul ${n}x${n}x${n}`,
      work: 2 * n ** 3,
      unit: 'GFLOP/s',
      time: async () => fastestRun(() => matmul(a, b)),
    };
  });
}

/** LeNet and the MLP trained over the first `samples` MNIST images, batch 64 (one short epoch). */
function mnistWorkloads(samples: number): Workload[] {
  const data = loadDataset('mnist', samples).train;
  return (['mlp', 'lenet'] as const).map((name) => ({
    name: `${name} training, ${samples} MNIST samples, batch 64`,
    work: samples,
    unit: 'samples/s',
    time: async () => {
      const model = presets[name]({ seed: 0 });
      const t0 = performance.now();
      await fit(model, {
        loss: new SoftmaxCrossEntropy(),
        optimizer: new Adam(model.parameters()),
        train: data,
        epochs: 1,
        batchSize: 64,
        seed: 0,
      });
      return (performance.now() - t0) / 1000;
    },
  }));
}

/** Runs the workloads on the active backend and, when it is not js, on js too, side by side. */
export async function benchCommand(target: BenchTarget, o: BenchOptions): Promise<number> {
  await setupBackend(o.backend, o.threads);
  const active = getBackend().name;
  const backends = active === 'js' || !listBackends().includes('js') ? [active] : [active, 'js'];
  const workloads =
    target === 'conv'
      ? convWorkloads()
      : target === 'matmul'
        ? matmulWorkloads()
        : mnistWorkloads(o.samples ?? 256);
  if (workloads.length === 0) throw new UsageError(`bench ${target}: nothing to run`);
  say(`scratchnet bench ${target}: backends ${backends.join(' vs ')} (fastest of repeated runs; float32)`);
  const results: { workload: string; backend: string; seconds: number; rate: number; unit: string }[] = [];
  for (const w of workloads) {
    for (const backend of backends) {
      setBackend(backend);
      const seconds = await w.time();
      const rate = w.unit === 'GFLOP/s' ? w.work / seconds / 1e9 : w.work / seconds;
      results.push({ workload: w.name, backend, seconds, rate, unit: w.unit });
    }
  }
  setBackend(o.backend ?? 'auto');
  const rows = results.map((r) => {
    const js = results.find((x) => x.workload === r.workload && x.backend === 'js');
    const ratio = js && r.backend !== 'js' ? `${(r.rate / js.rate).toFixed(1)}x js` : '';
    const rate = r.unit === 'GFLOP/s' ? r.rate.toFixed(2) : grouped(r.rate);
    return [r.workload, r.backend, `${(r.seconds * 1000).toFixed(1)} ms`, `${rate} ${r.unit}`, ratio];
  });
  say(table([['workload', 'backend', 'time', 'rate', 'speed-up'], ...rows]));
  if (target === 'mnist') {
    for (const r of results)
      say(`${r.workload} on ${r.backend}: about ${Math.round(60000 / r.rate)} s per full MNIST epoch`);
  }
  if (o.json) printJson({ target, results });
  return 0;
}
