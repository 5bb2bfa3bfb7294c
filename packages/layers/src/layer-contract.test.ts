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
        // Accumulation: the second backward adds the same amount again (exact doubling up to one rounding).
        p.grad.data.forEach((g, i) => {
          expect(Math.abs(g - 2 * once[k][i])).toBeLessThanOrEqual(1e-15 * Math.abs(g));
        });
      });

      expect(layer.eval().training).toBe(false);
      expect(layer.train().training).toBe(true);
      expect(typeof layer.kind).toBe('string');
      expect(String(layer)).toContain(layer.kind);
    });
  }
});
