import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

interface Outcome {
  name: string;
  threw: boolean;
  isError?: boolean;
  message?: string;
  value?: unknown;
}

/** What each bad call must throw: the op, the argument, and the numbers involved. */
const EXPECTED: Record<string, RegExp> = {
  'weight too short':
    /^conv2dForward: weight has 100 elements, geometry needs 108 \(outC=4, inC\/groups=3, kH=3, kW=3\)$/,
  'x too long': /^conv2dForward: x has 151 elements, geometry needs 150 \(N=2, C=3, H=5, W=5\)$/,
  'y too short': /^conv2dForward: y has 71 elements, geometry needs 72 \(N=2, outC=4, outH=3, outW=3\)$/,
  'bias wrong length': /^conv2dForward: bias has 3 elements, geometry needs 4/,
  'zero batch': /^conv2dForward: batch must be a positive integer .*got 0$/,
  'negative channels': /^conv2dForward: inChannels must be a positive integer .*got -3$/,
  'fractional kernel': /^conv2dForward: kernelHeight must be a positive integer .*got 2.5$/,
  'NaN width': /^conv2dForward: inWidth must be a positive integer .*got NaN$/,
  'negative padding': /^conv2dForward: padTop must be a non-negative integer .*got -1$/,
  'huge height':
    /^conv2dForward: inHeight must be a positive integer of at most 4294967295, got 1099511627776$/,
  'overflowing product': /^conv2dForward: .* overflows/,
  'inconsistent outHeight': /^conv2dForward: outHeight x outWidth is 4x3, the geometry gives 3x3$/,
  'Float64Array input': /^conv2dForward: x must be a Float32Array, got a Float64Array$/,
  'plain Array weight': /^conv2dForward: weight must be a Float32Array, got an Array$/,
  'number output': /^conv2dForward: y must be a Float32Array, got a value of type number$/,
  'string bias': /^conv2dForward: bias must be a Float32Array, got a value of type string$/,
  'output aliases input': /^conv2dForward: y shares memory with x; pass separate buffers$/,
  'output overlaps a subarray of the input': /^conv2dForward: y shares memory with x/,
  'backward-input dx Int32Array': /^conv2dBackwardInput: dx must be a Float32Array, got an Int32Array$/,
  'backward-weight dBias aliases dWeight': /^conv2dBackwardWeight: dWeight shares memory with dBias/,
  'matmul zero m': /^matmul: m must be a positive integer .*got 0$/,
  'matmul wrong b length': /^matmul: b has 11 elements, geometry needs 12 \(k x n = 3 x 4\)$/,
  'matmul Float64Array c': /^matmul: c must be a Float32Array, got a Float64Array$/,
  'matmul transA not a flag': /^matmul: transA must be 0 or 1/,
  'matmul overflowing m*n*k': /^matmul: m\*n\*k overflows/,
  'matmul detached input': /^matmul: a has 0 elements, geometry needs 6/,
  'max pool argmax Float32Array': /^maxPool2dForward: argmax must be an Int32Array, got a Float32Array$/,
  'max pool argmax out of range':
    /^maxPool2dBackward: argmax\[0\] = 16 is outside the 4x4 plane of input \[1, 2, 4, 4\]$/,
  'max pool negative argmax': /^maxPool2dBackward: argmax\[\d+\] = -1 is outside the 4x4 plane of input/,
  'avg pool wrong y length': /^avgPool2dForward: y has 9 elements, geometry needs 8/,
  'pool padding over half the kernel':
    /^avgPool2dForward: padding 2\/0 must be at most half the kernel height 2/,
  'geometry field missing': /^conv2dForward: geometry\[15\] must be a number, got a value of type undefined$/,
  'countIncludePad not a boolean':
    /^avgPool2dForward: countIncludePad must be a boolean, got a value of type number$/,
  'setNumThreads(0)': /^setNumThreads: threads must be an integer in 1\.\.=1024, got 0$/,
  'setNumThreads(1.5)': /^setNumThreads: threads must be an integer in 1\.\.=1024, got 1\.5$/,
  'setNumThreads(5000)': /^setNumThreads: threads must be an integer in 1\.\.=1024, got 5000$/,
  'absurd im2col buffer':
    /^conv2dForward: im2col buffer of 7\.30e10 floats \(C\/groups·kH·kW × bandRows·outW \+ 16 = 69632·1·1048576 \+ 16\) exceeds the scratch limit of 2\^30 floats \(4 GiB\)$/,
  'padded image past 2^64':
    /^conv2dForward: padded image of more than 1\.84e19 floats \(C·\(H\+padTop\+padBottom\)·.* = 1·\(1\+4294967295\+4294967295\)·.*\) exceeds the scratch limit of 2\^30 floats/,
  'padded image past 2^64 in backward-weight':
    /^conv2dBackwardWeight: padded image of more than 1\.84e19 floats .* exceeds the scratch limit of 2\^30 floats/,
  'bias undefined': /^conv2dForward: bias must be a Float32Array or null \(none\), got undefined$/,
  'dBias undefined': /^conv2dBackwardWeight: dBias must be a Float32Array or null \(none\), got undefined$/,
  'binding: maxExpAvgSq undefined':
    /^adamStep: maxExpAvgSq must be a Float32Array or null \(none\), got undefined$/,
  'binding: bias undefined': /^conv2dForward: bias must be a Float32Array or null \(none\), got undefined$/,
  'SharedArrayBuffer input':
    /^conv2dForward: x is backed by a SharedArrayBuffer, which another thread could change while the kernel runs; pass a copy over a plain ArrayBuffer \(x\.slice\(\)\)$/,
  'SharedArrayBuffer output': /^conv2dForward: y is backed by a SharedArrayBuffer/,
  'binding: SharedArrayBuffer output': /^matmul: c is backed by a SharedArrayBuffer/,
  'relu y too short': /^relu: y has 4 elements, x has 5$/,
  'relu in place': /^relu: y shares memory with x; pass separate buffers$/,
  'reluBackward Float64Array dy': /^reluBackward: dy must be a Float32Array, got a Float64Array$/,
  'reluBackward dx too long': /^reluBackward: dx has 70000 elements, y has 3$/,
};

/** Odd but valid calls that must compute, and what they return. */
const COMPUTES: Record<string, unknown> = {
  'backward-input whose adjoint does not fit': [1, 0],
  'plan of that backward-input': 'direct',
};

describe('bad arguments to the native kernels', () => {
  // A child process, so that a crash (not a thrown Error) fails this test instead of the runner.
  const script = fileURLToPath(new URL('./test-support/bad-arguments.mjs', import.meta.url));
  const child = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 60_000 });
  const outcomes = new Map<string, Outcome>(
    child.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Outcome)
      .map((o) => [o.name, o]),
  );

  it('the child process exits normally', () => {
    expect(child.signal, child.stderr).toBeNull();
    expect(child.status, child.stderr).toBe(0);
    // 150*? inputs of ones: 27 taps of 1*1 plus bias 0.5.
    expect(outcomes.get('valid call after the bad ones')?.value).toBe(27.5);
  });

  it.each(Object.entries(EXPECTED))('%s throws an Error naming the op and argument', (name, pattern) => {
    const outcome = outcomes.get(name);
    expect(outcome, `no outcome for '${name}'; stderr: ${child.stderr}`).toBeDefined();
    expect(outcome?.threw, `'${name}' did not throw`).toBe(true);
    expect(outcome?.isError).toBe(true);
    expect(outcome?.message).toMatch(pattern);
  });

  it.each(Object.entries(COMPUTES))('%s computes', (name, value) => {
    const outcome = outcomes.get(name);
    expect(outcome, `no outcome for '${name}'; stderr: ${child.stderr}`).toBeDefined();
    expect(outcome?.message).toBeUndefined();
    expect(outcome?.value).toEqual(value);
  });

  it('every case the child ran is checked here', () => {
    const ran = [...outcomes.keys()].filter((n) => n !== 'valid call after the bad ones');
    expect(ran.sort()).toEqual([...Object.keys(EXPECTED), ...Object.keys(COMPUTES)].sort());
  });
});
