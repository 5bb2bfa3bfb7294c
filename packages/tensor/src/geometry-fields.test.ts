import { describe, expect, it } from 'vitest';
import type { Conv2dGeometry } from './backend/types';
import { resolveConv2dGeometry } from './conv-geometry';
import {
  CONV2D_GEOMETRY_FIELDS,
  conv2dGeometryNumbers,
  type EveryKeyOnce,
  POOL2D_GEOMETRY_FIELDS,
  pool2dGeometryNumbers,
} from './geometry-fields';
import { resolvePool2dGeometry } from './pool-geometry';

type Window = Pick<Conv2dGeometry, 'batch' | 'groups'>;
type IsTrue<T extends true> = T;

/** Checked by `tsc` (the typecheck task), not at run time: the check rejects a missing or a repeated key. */
export type CompletenessCheckCases = [
  // @ts-expect-error 'groups' is missing
  IsTrue<EveryKeyOnce<Window, ['batch']>>,
  // @ts-expect-error 'batch' is listed twice
  IsTrue<EveryKeyOnce<Window, ['batch', 'groups', 'batch']>>,
  IsTrue<EveryKeyOnce<Window, ['groups', 'batch']>>,
];

/** A geometry whose field i holds i + 100, so a list in the wrong order shows up as unsorted numbers. */
function numbered<F extends string>(fields: readonly F[]): Record<F, number> {
  return Object.fromEntries(fields.map((field, i) => [field, i + 100])) as Record<F, number>;
}

const ascending = (n: number) => Array.from({ length: n }, (_, i) => i + 100);

describe('geometry field order', () => {
  it('lists exactly the fields the resolvers produce, each once', () => {
    const conv = resolveConv2dGeometry([1, 2, 5, 5], [4, 2, 3, 3]);
    const pool = resolvePool2dGeometry([1, 2, 4, 4], 2);
    expect([...CONV2D_GEOMETRY_FIELDS].sort()).toEqual(Object.keys(conv).sort());
    expect([...POOL2D_GEOMETRY_FIELDS].sort()).toEqual(Object.keys(pool).sort());
    expect(new Set(CONV2D_GEOMETRY_FIELDS).size).toBe(18);
    expect(new Set(POOL2D_GEOMETRY_FIELDS).size).toBe(14);
  });

  it('the number helpers follow the field lists', () => {
    const conv = numbered(CONV2D_GEOMETRY_FIELDS) as Conv2dGeometry;
    const pool = numbered(POOL2D_GEOMETRY_FIELDS) as Parameters<typeof pool2dGeometryNumbers>[0];
    expect(conv2dGeometryNumbers(conv)).toEqual(ascending(18));
    expect(pool2dGeometryNumbers(pool)).toEqual(ascending(14));
  });
});
