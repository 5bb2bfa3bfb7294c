// GFLOP/s of the native convolution passes of LeNet's two layers (batch 64, 5x5, padding 2) and of
// matmuls of the shapes they reduce to, as the native planner runs them (see backendInfo for the plan).
//   node bench/kernel-probe.mjs
import '@scratchnet/conv-native';
import { getKernel, resolveConv2dGeometry, setBackend, setThreads } from '@scratchnet/tensor';

setBackend('native');
await setThreads(2);
const t = (f, reps = 30) => {
  for (let i = 0; i < 3; i++) f();
  const s = performance.now();
  for (let i = 0; i < reps; i++) f();
  return (performance.now() - s) / reps;
};
const rnd = (n) => Float32Array.from({ length: n }, () => Math.random() - 0.5);
for (const [C, O, H] of [
  [1, 32, 28],
  [32, 64, 14],
]) {
  const g = resolveConv2dGeometry([64, C, H, H], [O, C, 5, 5], { padding: 2 }, 'probe');
  const x = rnd(64 * C * H * H),
    w = rnd(O * C * 25),
    b = rnd(O),
    y = new Float32Array(64 * O * H * H);
  const dx = new Float32Array(x.length),
    dw = new Float32Array(w.length),
    db = new Float32Array(O);
  const gf = (2 * 64 * O * H * H * C * 25) / 1e9;
  const f = t(() => getKernel('conv2dForward', 'float32')(x, w, b, y, g));
  const bi = t(() => getKernel('conv2dBackwardInput', 'float32')(y, w, dx, g));
  const bw = t(() => getKernel('conv2dBackwardWeight', 'float32')(x, y, dw, db, g));
  console.log(
    `conv ${C}->${O} ${H}: fwd ${f.toFixed(2)} ms (${((gf / f) * 1e3).toFixed(0)} GF/s) bwdIn ${bi.toFixed(2)} (${((gf / bi) * 1e3).toFixed(0)}) bwdW ${bw.toFixed(2)} (${((gf / bw) * 1e3).toFixed(0)})`,
  );
}
for (const [m, n, k] of [
  [64, 196, 800],
  [64, 12544, 800],
  [800, 196, 64],
  [512, 512, 512],
  [1024, 1024, 1024],
]) {
  const a = rnd(m * k),
    bb = rnd(k * n),
    c = new Float32Array(m * n);
  const ms = t(
    () =>
      getKernel('matmul', 'float32')(a, bb, c, { m, n, k, transA: false, transB: false, accumulate: false }),
    10,
  );
  console.log(`matmul ${m}x${n}x${k}: ${ms.toFixed(3)} ms ${((2 * m * n * k) / ms / 1e6).toFixed(0)} GF/s`);
}
