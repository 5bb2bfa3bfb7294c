import { GRU, LSTM } from '@scratchnet/layers';
import { describe, expect, it } from 'vitest';
import { exportOnnx, importOnnx } from './index';
import { decodeModel, encodeModel } from './proto/onnx-proto';
import type { ModelProto } from './proto/onnx-types';

/** The model exportOnnx writes, changed by `edit` before it is imported. */
function edited(bytes: Uint8Array, edit: (model: ModelProto) => void): Uint8Array {
  const model = decodeModel(bytes);
  edit(model);
  return encodeModel(model);
}

const nodes = (model: ModelProto) => model.graph?.node ?? [];

describe('importOnnx of LSTM and GRU outside the pattern it reads', () => {
  const gru = exportOnnx(new GRU(3, 2, { seed: 1 }).eval(), { inputShape: [4, 1, 3] });

  it('reads the file as written', () => {
    expect(importOnnx(gru).config().args).toMatchObject([{ named: { GRU: { kind: 'GRU' } } }]);
  });

  it('refuses a GRU with linear_before_reset = 0, naming the attribute', () => {
    const bytes = edited(gru, (m) => {
      const node = nodes(m).find((n) => n.op_type === 'GRU')!;
      node.attribute = node.attribute?.map((a) => (a.name === 'linear_before_reset' ? { ...a, i: 0 } : a));
    });
    expect(() => importOnnx(bytes)).toThrow(/node "GRU" \(GRU, opset 17\): linear_before_reset = 0/);
  });

  it('refuses an LSTM whose output is not joined to [T, N, D·H], saying what it reads', () => {
    const lstm = exportOnnx(new LSTM(3, 2, { seed: 1 }).eval(), { inputShape: [4, 1, 3] });
    const bytes = edited(lstm, (m) => {
      const transpose = nodes(m).find((n) => n.op_type === 'Transpose')!;
      transpose.attribute = transpose.attribute?.map((a) => ({ ...a, ints: [0, 1, 2, 3] }));
    });
    expect(() => importOnnx(bytes)).toThrow(/\(LSTM, opset 17\): import reads LSTM whose output/);
  });
});
