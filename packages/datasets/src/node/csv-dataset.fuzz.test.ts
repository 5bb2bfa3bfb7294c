import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CsvClassification, type CsvDatasetOptions, parseCsvTable, tableDataset } from './csv-dataset';

// Seeded and bounded: the same 11,000 cases on every run, a few seconds.
const runs = (numRuns: number) => ({ seed: 19, numRuns });

/** Reads `text` as a labelled table, or checks the failure is a plain Error naming the file, short. */
function readOrExplain(
  text: string,
  options: CsvDatasetOptions = { target: 'y' },
): CsvClassification | Error {
  try {
    return tableDataset(parseCsvTable(text, 'in.csv', options), options) as CsvClassification;
  } catch (error) {
    expect((error as Error).constructor, (error as Error).message).toBe(Error);
    expect((error as Error).message).toMatch(/^in\.csv: /);
    expect((error as Error).message.length).toBeLessThan(2000);
    return error as Error;
  }
}

/** A labelled table read back agrees with itself: one row of features per label, labels in range. */
function consistent(data: CsvClassification): void {
  expect(data.x.shape).toEqual([data.labels.length, data.features.length]);
  expect(data.labels.every((l) => l >= 0 && l < data.classes.length)).toBe(true);
  expect(Array.from(data.x.data).every(Number.isFinite)).toBe(true);
}

/** Characters that matter to CSV and to numbers, and a few that should not. */
const csvChar = fc.constantFrom(...',,,"\n\r\t 0123456789.-+eE,xyabé\u00a0\ufeff;');
const csvText = fc.array(csvChar, { maxLength: 120 }).map((chars) => chars.join(''));

interface Table {
  features: number;
  cells: number[][];
  labels: string[];
}

const table: fc.Arbitrary<Table> = fc
  .record({ features: fc.integer({ min: 1, max: 4 }), rows: fc.integer({ min: 1, max: 8 }) })
  .chain(({ features, rows }) =>
    fc.record({
      features: fc.constant(features),
      cells: fc.array(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), {
          minLength: features,
          maxLength: features,
        }),
        { minLength: rows, maxLength: rows },
      ),
      labels: fc.array(fc.constantFrom('cat', 'dog', 'emu', 'a b', 'x,y', 'say "hi"'), {
        minLength: rows,
        maxLength: rows,
      }),
    }),
  );

const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

function writeCsv({ features, cells, labels }: Table): string {
  const header = [...Array.from({ length: features }, (_, i) => `f${i}`), 'y'];
  const rows = cells.map((row, r) => [...row.map(String), quote(labels[r])].join(','));
  return `${[header.join(','), ...rows].join('\n')}\n`;
}

describe('csvDataset under random and damaged input', () => {
  it('random text reads consistently or is refused by name', () => {
    fc.assert(
      fc.property(csvText, fc.boolean(), (text, header) => {
        const options = { target: header ? 'y' : '0', header };
        const result = readOrExplain(header ? `x,y\n${text}` : text, options);
        if (!(result instanceof Error)) consistent(result);
      }),
      runs(3500),
    );
  }, 30_000);

  it('valid tables read back exactly; a damaged copy reads consistently or is refused', () => {
    const damage = fc.record({
      at: fc.nat(),
      kind: fc.constantFrom('cut', 'delete', 'insert'),
      char: csvChar,
    });
    fc.assert(
      fc.property(table, damage, (t, { at, kind, char }) => {
        const text = writeCsv(t);
        const data = readOrExplain(text);
        if (data instanceof Error) throw data;
        // As written: String(-0) is "0".
        expect(Array.from(data.x.data)).toEqual(t.cells.flat().map((v) => Math.fround(Number(String(v)))));
        expect(Array.from(data.labels, (l) => data.classes[l])).toEqual(t.labels);
        const i = at % text.length;
        const damaged =
          kind === 'cut'
            ? text.slice(0, i)
            : kind === 'delete'
              ? text.slice(0, i) + text.slice(i + 1)
              : text.slice(0, i) + char + text.slice(i);
        const result = readOrExplain(damaged);
        if (!(result instanceof Error)) consistent(result);
      }),
      runs(3500),
    );
  }, 30_000);

  it('a non-numeric cell is named by its row, line and column', () => {
    const bad = fc.constantFrom('', 'abc', '1,5', 'NaN', 'Infinity', '0x1f', '1e400', '--1', '1.2.3', '٣');
    fc.assert(
      fc.property(table, fc.nat(), fc.nat(), bad, (t, r, c, cell) => {
        const [row, column] = [r % t.cells.length, c % t.features];
        const lines = writeCsv(t).split('\n');
        const fields = lines[row + 1].split(',');
        fields[column] = quote(cell);
        lines[row + 1] = fields.join(',');
        const error = readOrExplain(lines.join('\n'));
        expect(error).toBeInstanceOf(Error);
        const where = `in.csv: row ${row + 1} (line ${row + 2}), column "f${column}": `;
        expect((error as Error).message).toBe(
          `${where}${cell === '' ? 'the cell is empty' : `"${cell}" is not a number`}`,
        );
      }),
      runs(2000),
    );
  }, 30_000);

  it('a ragged row is named by its row and line, and a missing target column by its name', () => {
    fc.assert(
      fc.property(table, fc.nat(), fc.boolean(), (t, r, longer) => {
        const row = r % t.cells.length;
        const lines = writeCsv(t).split('\n');
        lines[row + 1] = longer ? `${lines[row + 1]},7` : lines[row + 1].replace(/^[^,]*,/, '');
        const error = readOrExplain(lines.join('\n'));
        const fields = t.features + 1 + (longer ? 1 : -1);
        expect((error as Error).message).toBe(
          `in.csv: row ${row + 1} (line ${row + 2}) has ${fields} fields, expected ${t.features + 1} as the header`,
        );
        expect((readOrExplain(writeCsv(t), { target: 'label' }) as Error).message).toMatch(
          /^in\.csv: no target column "label" \(the columns are "f0", /,
        );
      }),
      runs(2000),
    );
  }, 30_000);
});
