import { conv2d, conv2dBackwardInput, conv2dBackwardWeight, setBackend, Tensor } from '@scratchnet/tensor';
setBackend('js');
const [N,C,H,K,k,p,s] = [32,64,56,128,3,1,2];
const r = (n) => { const a = new Float32Array(n); for (let i = 0; i < n; i++) a[i] = Math.sin(i * 1.3); return a; };
const x = new Tensor(r(N*C*H*H), [N,C,H,H]); const w = new Tensor(r(K*C*k*k), [K,C,k,k]);
const OH = Math.floor((H + 2*p - k) / s) + 1; const dy = new Tensor(r(N*K*OH*OH), [N,K,OH,OH]);
const o = { padding: p, stride: s };
for (const [name, run] of [['forward', () => conv2d(x, w, undefined, o)], ['backward-input', () => conv2dBackwardInput(dy, w, [N,C,H,H], o)], ['backward-weight', () => conv2dBackwardWeight(x, dy, [K,C,k,k], o, false)]]) {
  for (let i = 0; i < 3; i++) run();
  const t0 = performance.now(); let n = 0; while (performance.now() - t0 < 2000) { run(); n++; }
  const sec = (performance.now() - t0) / 1000 / n;
  console.log(name, (2*N*K*C*k*k*OH*OH/sec/1e9).toFixed(2), 'GFLOP/s');
}
