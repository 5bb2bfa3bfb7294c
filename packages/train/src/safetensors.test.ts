import { readFileSync } from 'node:fs';
import { createRng, Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors } from './safetensors';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));

function withHeader(header: unknown, dataBytes = 0): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  return out;
}

describe('safetensors', () => {
  it('round-trips float32 and float64 tensors bit for bit, with metadata', () => {
    const rng = createRng(4);
    const tensors = {
      '0.weight': Tensor.randn([3, 4], { rng }),
      '0.bias': Tensor.randn([3], { rng, dtype: 'float64' }),
      empty: Tensor.zeros([0, 5]),
      scalar: Tensor.from([Number.NaN]).reshape([]),
    };
    const bytes = encodeSafetensors(tensors, { format: 'pt' });
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + headerLength) % 8).toBe(0);
    const back = decodeSafetensors(bytes);
    expect(back.metadata).toEqual({ format: 'pt' });
    for (const [name, t] of Object.entries(tensors)) {
      expect(back.tensors[name].shape).toEqual(t.shape);
      expect(back.tensors[name].dtype).toBe(t.dtype);
      expect(Buffer.from(back.tensors[name].data.buffer)).toEqual(Buffer.from(t.data.buffer));
    }
  });

  it('reads a file written by PyTorch (safetensors.torch.save_file)', () => {
    const { tensors } = decodeSafetensors(fixture('torch-tensors.safetensors'));
    const expected = JSON.parse(
      readFileSync(new URL('../fixtures/torch-tensors.json', import.meta.url), 'utf8'),
    );
    for (const [name, { shape, values }] of Object.entries(
      expected as Record<string, { shape: number[]; values: number[] }>,
    )) {
      expect(tensors[name].shape).toEqual(shape);
      expect(Array.from(tensors[name].data)).toEqual(values);
    }
  });

  it('rejects corrupt files with a clear error', () => {
    const good = encodeSafetensors({ a: Tensor.ones([2]) });
    expect(() => decodeSafetensors(good.subarray(0, 5))).toThrow(
      'decodeSafetensors: file has 5 bytes, fewer than the 8-byte header length',
    );
    const huge = good.slice();
    new DataView(huge.buffer).setBigUint64(0, 2n ** 60n, true);
    expect(() => decodeSafetensors(huge)).toThrow(
      /header length 1152921504606846976 is larger than the file/,
    );
    expect(() => decodeSafetensors(good.subarray(0, good.length - 1))).toThrow(
      /data_offsets \[0, 8\] run past the data \(7 bytes\)/,
    );
    expect(() =>
      decodeSafetensors(withHeader({ a: { dtype: 'Q8', shape: [1], data_offsets: [0, 1] } }, 1)),
    ).toThrow(`tensor 'a' has unknown dtype "Q8"`);
    expect(() =>
      decodeSafetensors(withHeader({ a: { dtype: 'BF16', shape: [3], data_offsets: [0, 4] } }, 4)),
    ).toThrow("tensor 'a' shape [3] × BF16 needs 6 bytes, data_offsets give 4");
    expect(() =>
      decodeSafetensors(withHeader({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, 8)),
    ).toThrow("tensor 'a' shape [3] × F32 needs 12 bytes, data_offsets give 8");
    const overlap = {
      a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
      b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
    };
    expect(() => decodeSafetensors(withHeader(overlap, 12))).toThrow(
      /starts at byte 4, expected 8 \(overlapping or gapped data\)/,
    );
    expect(() =>
      decodeSafetensors(withHeader({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, 4)),
    ).toThrow(/invalid shape \[-1\]/);
    expect(() => decodeSafetensors(withHeader([1, 2]))).toThrow(
      'decodeSafetensors: header must be a JSON object',
    );
    const notJson = withHeader({});
    notJson[8] = 0x7b + 1;
    expect(() => decodeSafetensors(notJson)).toThrow(/header is not valid UTF-8 JSON/);
    expect(() =>
      decodeSafetensors(withHeader({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, 8)),
    ).toThrow('decodeSafetensors: the tensors cover 4 bytes but the file holds 8 data bytes');
  });
});
