/**
 * The addon parses a geometry with its own compiled field tables (`CONV_FIELDS`, `POOL_FIELDS` in
 * Rust); @scratchnet/tensor owns the order the numbers are sent in. Reordering either side fails here.
 */
import { CONV2D_GEOMETRY_FIELDS, POOL2D_GEOMETRY_FIELDS } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import type { NativeBinding } from './binding';
import { loadBinding } from './load-binding';

function binding(): NativeBinding {
  const loaded = loadBinding(process.env, process);
  if (!loaded.ok) throw new Error(`the native binary must be built: ${loaded.attempts.join('; ')}`);
  return loaded.binding;
}

describe("the addon's geometry field tables are @scratchnet/tensor's", () => {
  it('conv: CONV_FIELDS lists CONV2D_GEOMETRY_FIELDS in order', () => {
    expect(binding().geometryFields().conv).toEqual([...CONV2D_GEOMETRY_FIELDS]);
  });

  it('pool: POOL_FIELDS lists POOL2D_GEOMETRY_FIELDS in order', () => {
    expect(binding().geometryFields().pool).toEqual([...POOL2D_GEOMETRY_FIELDS]);
  });
});
