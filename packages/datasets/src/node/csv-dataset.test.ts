import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvDataset, csvFeatures, parseCsvTable } from './csv-dataset';

const dir = mkdtempSync(join(tmpdir(), 'scratchnet-csv-'));
let count = 0;
function csv(text: string): string {
  const file = join(dir, `t${count++}.csv`);
  writeFileSync(file, text);
  return file;
}

describe('csvDataset', () => {
  it('reads numeric features and a categorical target, classes sorted', () => {
    const file = csv('a,b,kind\n1,2.5,cat\n-3,4e1,dog\n"5",  .5 ,cat\n\n');
    const data = csvDataset(file, { target: 'kind' });
    expect(data.features).toEqual(['a', 'b']);
    expect(data.x.shape).toEqual([3, 2]);
    expect(Array.from(data.x.data)).toEqual([1, 2.5, -3, 40, 5, 0.5]);
    expect(data.classes).toEqual(['cat', 'dog']);
    expect(Array.from(data.labels)).toEqual([0, 1, 0]);
  });

  it('sorts numeric class names by value, takes chosen features and a numeric target', () => {
    const file = csv('x,y,z\n1,2,10\n3,4,9\n5,6,10\n');
    expect(csvDataset(file, { target: 'z' }).classes).toEqual(['9', '10']);
    const picked = csvDataset(file, { target: 'x', features: ['z', 'y'], targetKind: 'numeric' });
    expect(Array.from(picked.x.data)).toEqual([10, 2, 9, 4, 10, 6]);
    expect(Array.from(picked.targets)).toEqual([1, 3, 5]);
    expect(csvDataset(file, { target: 'z', classes: ['10', '9', '8'] }).labels).toEqual(
      Int32Array.of(0, 1, 0),
    );
  });

  it('names columns "0", "1", … without a header', () => {
    const data = csvDataset(csv('1,2,a\n3,4,b\n'), { target: '2', header: false });
    expect(data.features).toEqual(['0', '1']);
    expect(Array.from(data.labels)).toEqual([0, 1]);
  });

  it('names the file, row, line and column of bad input', () => {
    const file = csv('a,b,kind\n1,2,cat\n3,x4,dog\n');
    expect(() => csvDataset(file, { target: 'kind' })).toThrow(
      `${file}: row 2 (line 3), column "b": "x4" is not a number`,
    );
    const ragged = csv('a,b,kind\n1,2,cat\n3,dog\n');
    expect(() => csvDataset(ragged, { target: 'kind' })).toThrow(
      `${ragged}: row 2 (line 3) has 2 fields, expected 3 as the header`,
    );
    const empty = csv('a,b,kind\n1,,cat\n');
    expect(() => csvDataset(empty, { target: 'kind' })).toThrow(
      `${empty}: row 1 (line 2), column "b": the cell is empty`,
    );
    expect(() => csvDataset(file, { target: 'label' })).toThrow(
      `${file}: no target column "label" (the columns are "a", "b", "kind")`,
    );
    expect(() => csvDataset(file, { target: 'kind', features: ['a', 'c'] })).toThrow(
      `${file}: no feature column "c"`,
    );
    expect(() => csvDataset(file, { target: 'kind', features: ['a', 'kind'] })).toThrow(
      `${file}: the target column "kind" is also a feature`,
    );
    const other = csv('a,kind\n1,cat\n2,emu\n');
    expect(() => csvDataset(other, { target: 'kind', classes: ['cat', 'dog'] })).toThrow(
      `${other}: row 2 (line 3), column "kind": "emu" is not one of the classes "cat", "dog"`,
    );
    for (const [text, message] of [
      ['', 'the file holds no rows'],
      ['a,kind\n', 'the file holds a header but no rows'],
      ['a,a\n1,2\n', 'the header names column "a" twice'],
      ['a,kind\n"1,cat\n', 'malformed CSV (Quote Not Closed'],
      ['a,kind\n0x10,cat\n', 'row 1 (line 2), column "a": "0x10" is not a number'],
      ['a,kind\nInfinity,cat\n', 'row 1 (line 2), column "a": "Infinity" is not a number'],
      ['a,kind\n1e39,cat\n', 'row 1 (line 2), column "a": "1e39" is not a number'],
    ]) {
      const bad = csv(text);
      expect(() => csvDataset(bad, { target: 'kind' })).toThrow(`${bad}: ${message}`);
    }
    expect(() => csvDataset(join(dir, 'none.csv'), { target: 'kind' })).toThrow(
      `${join(dir, 'none.csv')}: cannot read the file (no such file)`,
    );
  });

  it('reads only the features for predictions, whatever other columns hold', () => {
    const file = csv('note,b,a\nhello,2,1\n,4,3\n');
    expect(Array.from(csvFeatures(file, { features: ['a', 'b'] }).x.data)).toEqual([1, 2, 3, 4]);
  });

  it('counts lines of quoted fields that hold line breaks', () => {
    const table = parseCsvTable('a,b\n"x\ny",1\n2,z\n', 'in.csv');
    expect(table.rows).toEqual([
      ['x\ny', '1'],
      ['2', 'z'],
    ]);
    expect(table.lines).toEqual([3, 4]);
  });
});
