import { createRng, Tensor } from '@scratchnet/tensor';
import { expect, it } from 'vitest';
import { jacobian } from './jacobian';
import { describeEachBackend } from './test-support/backends';
import { expectClose } from './test-support/expect-close';
import { caseInput, layerCases } from './test-support/layer-cases';

/** Jᵀ·dy for J [ySize, xSize]. */
function transposeTimes(j: Tensor, dy: Tensor): Tensor {
  const [rows, cols] = j.shape;
  const out = Tensor.zeros([cols], { dtype: 'float64' });
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) out.data[c] += j.data[r * cols + c] * dy.data[r];
  return out;
}

// The finite-difference Jacobian is an independent reference (it only calls forward); in float64
// with eps 1e-6 its entries are good to ~1e-9 absolute for these O(1) functions, hence atol 1e-7.
const fdTolerance = { rtol: 1e-6, atol: 1e-7 };

describeEachBackend('backward(dy) = jacobian(x)ᵀ·dy for every layer', () => {
  // Token ids have no Jacobian to difference (a perturbed id is no id); gradcheck checks their zero dx.
  for (const c of layerCases.filter((c) => !c.indexInput)) {
    it(c.name, () => {
      const layer = c.make();
      const x = caseInput(c);
      const options = { training: c.training, reset: c.reset ? () => c.reset?.(layer) : undefined };
      const numeric = jacobian(layer, x, { ...options, method: 'finite-differences' });
      const exact = jacobian(layer, x, options);
      expectClose(exact, numeric, fdTolerance, `${c.name}: one-hot backward rows vs finite differences`);

      c.reset?.(layer);
      const y = layer.forward(x, { training: c.training });
      expect(numeric.shape).toEqual([y.size, x.size]);
      const dy = Tensor.uniform(y.shape, { rng: createRng(5), low: -1, high: 1, dtype: 'float64' });
      const dx = layer.backward(dy);
      expectClose(
        dx.reshape([x.size]),
        transposeTimes(numeric, dy),
        fdTolerance,
        `${c.name}: backward(dy) vs Jᵀ·dy`,
      );
    });
  }
});
