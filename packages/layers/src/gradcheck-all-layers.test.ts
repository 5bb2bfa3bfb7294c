import { expect, it } from 'vitest';
import { gradcheck } from './gradcheck';
import { describeEachBackend } from './test-support/backends';
import { caseInput, layerCases } from './test-support/layer-cases';

// float64 central differences with eps 1e-6: truncation ~eps²·f''' ≈ 1e-12, rounding ~1e-16·|L|/eps ≈ 1e-10,
// so gradcheck's defaults (atol 1e-8, rtol 1e-6) leave two orders of margin and still catch any real bug.
describeEachBackend('gradcheck of every layer (float64)', () => {
  for (const c of layerCases) {
    it(c.name, () => {
      const layer = c.make();
      const report = gradcheck(layer, caseInput(c), {
        training: c.training,
        reset: c.reset ? () => c.reset?.(layer) : undefined,
        indexInput: c.indexInput,
      });
      expect(report.ok, JSON.stringify(report)).toBe(true);
      expect(Object.keys(report.parameters)).toEqual(layer.parameters().map((p) => p.name));
    });
  }
});
