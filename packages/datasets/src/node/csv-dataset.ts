import { readFileSync } from 'node:fs';
import { allocateFor, Tensor } from '@scratchnet/tensor';
import { parse } from 'csv-parse/sync';

/** A column, by its header name, or by its 0-based index as a string ("0", "1", …) in a file without a header. */
export type CsvColumn = string;

export interface CsvTableOptions {
  /** Whether the first row names the columns (default true); without it columns are named "0", "1", … */
  header?: boolean;
}

/** A CSV file's cells, as text, with the line each row ends on (for errors). */
export interface CsvTable {
  file: string;
  columns: string[];
  rows: string[][];
  lines: number[];
}

export interface CsvFeaturesOptions extends CsvTableOptions {
  /** The feature columns, in the order of the model's inputs. */
  features: readonly CsvColumn[];
}

export interface CsvDatasetOptions extends CsvTableOptions {
  /** The column to predict. */
  target: CsvColumn;
  /** The feature columns (numbers), in order; by default every column but the target. */
  features?: readonly CsvColumn[];
  /**
   * 'categorical' (the default): the target's values are class names, labels index `classes`;
   * 'numeric': the target is a number to regress, in `targets`.
   */
  targetKind?: 'categorical' | 'numeric';
  /** Class names in label order (a trained model's); by default the target's distinct values, sorted. */
  classes?: readonly string[];
}

/** Rows of numeric features `x` `[rows, features]` (raw, not normalised; see `normalizeSplits`). */
export interface CsvFeatures {
  file: string;
  x: Tensor;
  features: string[];
}

export interface CsvClassification extends CsvFeatures {
  target: string;
  /** Index into `classes` of each row's target. */
  labels: Int32Array;
  classes: string[];
}

export interface CsvRegression extends CsvFeatures {
  target: string;
  targets: Float32Array;
}

/** Longest record csv-parse accepts (characters): a bound on what one hostile line can cost. */
const MAX_RECORD_CHARS = 1 << 20;

/** A decimal number as CSV files write them (no hex, no Infinity, no blanks). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Parses CSV text; a malformed file (an unclosed quote…) is an error naming `file`. */
export function parseCsvTable(text: string, file: string, options: CsvTableOptions = {}): CsvTable {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      max_record_size: MAX_RECORD_CHARS,
      info: true,
    }) as unknown as typeof records;
  } catch (error) {
    throw new Error(`${file}: malformed CSV (${messageOf(error)})`);
  }
  const header = options.header ?? true;
  const first = records[0]?.record;
  if (!first) throw new Error(`${file}: the file holds no rows`);
  const columns = header ? first : first.map((_, i) => String(i));
  const seen = new Set<string>();
  for (const name of columns) {
    if (seen.has(name)) throw new Error(`${file}: the header names column ${quoted(name)} twice`);
    seen.add(name);
  }
  const body = header ? records.slice(1) : records;
  body.forEach(({ record, info }, i) => {
    if (record.length !== columns.length) {
      throw new Error(
        `${file}: row ${i + 1} (line ${info.lines}) has ${record.length} fields, expected ${columns.length}${header ? ' as the header' : ' as the first row'}`,
      );
    }
  });
  if (body.length === 0) throw new Error(`${file}: the file holds a header but no rows`);
  return { file, columns, rows: body.map((r) => r.record), lines: body.map((r) => r.info.lines) };
}

/** Reads and parses a CSV file; errors name the file. */
export function readCsvTable(file: string, options: CsvTableOptions = {}): CsvTable {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`${file}: cannot read the file (${code === 'ENOENT' ? 'no such file' : code})`);
  }
  return parseCsvTable(text, file, options);
}

/** A cell or name as an error shows it: quoted, cut at 40 characters. */
const quoted = (text: string) => `"${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;

/** Up to 20 names, quoted, and how many there are when more. */
function listed(names: readonly string[]): string {
  const shown = names.slice(0, 20).map(quoted);
  return `${shown.join(', ')}${names.length > 20 ? `, … (${names.length} in all)` : ''}`;
}

/** The index of `column` in the table, or an error listing the columns there are. */
export function columnIndex(table: CsvTable, column: CsvColumn, role: string): number {
  const at = table.columns.indexOf(column);
  if (at < 0) {
    throw new Error(
      `${table.file}: no ${role} column ${quoted(column)} (the columns are ${listed(table.columns)})`,
    );
  }
  return at;
}

/** `[rows, features]` float32 of the named columns; a cell that is not a decimal number is an error naming it. */
export function numericColumns(table: CsvTable, features: readonly CsvColumn[]): Tensor {
  if (features.length === 0) throw new Error(`${table.file}: no feature columns to read`);
  const at = features.map((f) => columnIndex(table, f, 'feature'));
  const width = at.length;
  const x = allocateFor('csvDataset', 'float32', [table.rows.length, width], 'features');
  for (let r = 0; r < table.rows.length; r++) {
    at.forEach((column, c) => {
      x[r * width + c] = cellNumber(table, r, column);
    });
  }
  return new Tensor(x, [table.rows.length, width]);
}

/** An error about one cell, naming the file, the row (1-based, header not counted), its line and the column. */
const cellError = (table: CsvTable, row: number, column: number, what: string) =>
  new Error(
    `${table.file}: row ${row + 1} (line ${table.lines[row]}), column ${quoted(table.columns[column])}: ${what}`,
  );

function cellNumber(table: CsvTable, row: number, column: number): number {
  const cell = table.rows[row][column];
  const value = DECIMAL.test(cell) ? Number(cell) : Number.NaN;
  if (!Number.isFinite(value) || Math.abs(value) > 3.4e38) {
    throw cellError(
      table,
      row,
      column,
      cell === '' ? 'the cell is empty' : `${quoted(cell)} is not a number`,
    );
  }
  return value;
}

/** Sorted distinct values: by number when every value is one, else by UTF-16 code units. */
function sortedClasses(values: readonly string[]): string[] {
  const distinct = [...new Set(values)];
  return distinct.every((v) => DECIMAL.test(v))
    ? distinct.sort((a, b) => Number(a) - Number(b))
    : distinct.sort();
}

/** The named feature columns of a CSV file as numbers, for predictions (other columns are ignored). */
export function csvFeatures(file: string, options: CsvFeaturesOptions): CsvFeatures {
  const table = readCsvTable(file, options);
  return { file, x: numericColumns(table, options.features), features: [...options.features] };
}

/**
 * A CSV file as a labelled table: the numeric feature columns as `x` `[rows, features]` (float32,
 * raw), and the target column as class labels (`targetKind: 'categorical'`, the default) or numbers
 * (`'numeric'`). A ragged row, an empty or non-numeric feature cell, or a column that does not
 * exist is an error naming the file, the row (and its line) and the column. Normalise with the
 * statistics of the training rows only: `normalizeSplits`.
 */
export function csvDataset(
  file: string,
  options: CsvDatasetOptions & { targetKind?: 'categorical' },
): CsvClassification;
export function csvDataset(
  file: string,
  options: CsvDatasetOptions & { targetKind: 'numeric' },
): CsvRegression;
export function csvDataset(file: string, options: CsvDatasetOptions): CsvClassification | CsvRegression {
  return tableDataset(readCsvTable(file, options), options);
}

/** `csvDataset` of a parsed table. */
export function tableDataset(table: CsvTable, options: CsvDatasetOptions): CsvClassification | CsvRegression {
  const { file } = table;
  const { target } = options;
  const t = columnIndex(table, target, 'target');
  const features = options.features ? [...options.features] : table.columns.filter((_, i) => i !== t);
  if (features.includes(target))
    throw new Error(`${file}: the target column ${quoted(target)} is also a feature`);
  const x = numericColumns(table, features);
  if (options.targetKind === 'numeric') {
    const targets = Float32Array.from(table.rows, (_, r) => cellNumber(table, r, t));
    return { file, x, features, target, targets };
  }
  const values = table.rows.map((row, r) => {
    if (row[t] === '') throw cellError(table, r, t, 'the cell is empty');
    return row[t];
  });
  const classes = options.classes ? [...options.classes] : sortedClasses(values);
  const index = new Map(classes.map((c, i) => [c, i]));
  const labels = Int32Array.from(values, (v, r) => {
    const label = index.get(v);
    if (label === undefined)
      throw cellError(table, r, t, `${quoted(v)} is not one of the classes ${listed(classes)}`);
    return label;
  });
  return { file, x, features, target, labels, classes };
}
