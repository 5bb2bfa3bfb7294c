import { createRng, Tensor } from '@scratchnet/tensor';
import { expect, it } from 'vitest';
import { describeEachBackend } from './test-support/backends';
import { caseInput, layerCases } from './test-support/layer-cases';

describeEachBackend('the Layer contract, for every layer', () => {
  for (const c of layerCases) {
    it(`${c.name}: shapes, errors, accumulation, modes`, () => {
      const layer = c.make();
      const x = caseInput(c);
      expect(() => layer.backward(Tensor.zeros([1], { dtype: 'float64' }))).toThrow(
        `${layer}: backward called before forward`,
      );

      expect(() => layer.forward([1, 2] as never)).toThrow('input must be a Tensor, got [object Array]');

      c.reset?.(layer);
      const y = layer.forward(x, { training: c.training });
      expect(y.shape).toEqual(layer.outputShape(x.shape));
      expect(y.dtype).toBe(x.dtype);
      expect(() => layer.backward(Tensor.zeros([...y.shape, 1], { dtype: 'float64' }))).toThrow(
        `backward expected dy of the output shape`,
      );

      const dy = Tensor.uniform(y.shape, { rng: createRng(3), low: -1, high: 1, dtype: 'float64' });
      const dx = layer.backward(dy);
      expect(dx.shape).toEqual(x.shape);
      const once = layer.parameters().map((p) => p.grad.data.slice());
      layer.backward(dy);
      layer.parameters().forEach((p, k) => {
        // Accumulation: the second backward adds the same amount again. Exact doubling up to one
        // rounding, except where a GEMM adds into the gradient in place (Linear, attention): it rounds
        // each partial sum with the running value, so up to k roundings of the largest partial sums,
        // bounded by 1e-12 of the parameter's largest gradient (seen: under 1e-13) — far below the
        // |grad| that an overwrite or a missing add would leave.
        let largest = 0;
        for (const g of once[k]) largest = Math.max(largest, Math.abs(g));
        p.grad.data.forEach((g, i) => {
          expect(Math.abs(g - 2 * once[k][i])).toBeLessThanOrEqual(1e-15 * Math.abs(g) + 1e-12 * largest);
        });
      });

      expect(layer.eval().training).toBe(false);
      expect(layer.train().training).toBe(true);
      expect(typeof layer.kind).toBe('string');
      expect(String(layer)).toContain(layer.kind);
    });
  }
});
