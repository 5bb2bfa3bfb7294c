import fc from 'fast-check';

/** A safetensors file as its header entries (name, JSON value) and its data bytes. */
interface SafetensorsParts {
  entries: [string, Record<string, unknown>][];
  data: Uint8Array;
}

function splitSafetensors(bytes: Uint8Array): SafetensorsParts {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
  return { entries: Object.entries(header), data: bytes.subarray(8 + length) };
}

/** A file whose header is `json` (any text, so duplicate keys and bad numbers survive) over `data`. */
function joinSafetensors(json: string, data: Uint8Array): Uint8Array {
  const text = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + text.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  out.set(data, 8 + text.length);
  return out;
}

/** A header as (key, value as JSON text) pairs: text, so that repeated keys and bad numbers survive. */
type Pair = [string, string];
type Mutation = (pairs: Pair[]) => Pair[];

function headerPairs(entries: SafetensorsParts['entries']): Pair[] {
  return entries.map(([name, entry]) => [name, JSON.stringify(entry)]);
}

function headerText(pairs: readonly Pair[]): string {
  return `{${pairs.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`;
}

/** Pair `i` (modulo the count) rewritten by `rewrite`, given its value parsed; values that are no longer JSON stay. */
function rewriteEntry(pairs: Pair[], i: number, rewrite: (entry: Record<string, unknown>) => string): Pair[] {
  const at = i % pairs.length;
  let entry: unknown;
  try {
    entry = JSON.parse(pairs[at][1]);
  } catch {
    return pairs;
  }
  if (!entry || typeof entry !== 'object') return pairs;
  return pairs.map(
    (pair, k): Pair => (k === at ? [pair[0], rewrite(entry as Record<string, unknown>)] : pair),
  );
}

/** What a hostile header puts where a number belongs: JSON text, valid or not. */
const hostileNumber = fc.constantFrom(
  '-1',
  '1.5',
  '-0',
  '1e400',
  '-1e400',
  '9007199254740993',
  '1e20',
  '2147483648',
  '4294967296',
  '268435457',
  '"2"',
  'null',
  '[]',
  '{}',
  'true',
  'NaN',
  '0x10',
);

/** One number of an entry's shape or data_offsets replaced by hostile text. */
const numberReplaced = fc
  .tuple(fc.nat(), fc.constantFrom('shape', 'data_offsets'), fc.nat(), hostileNumber)
  .map(
    ([i, field, k, text]): Mutation =>
      (pairs) =>
        rewriteEntry(pairs, i, (entry) => {
          const list = Array.isArray(entry[field]) ? [...(entry[field] as unknown[])] : [0];
          list[k % Math.max(1, list.length)] = '\u0000';
          return JSON.stringify({ ...entry, [field]: list }).replace('"\\u0000"', text);
        }),
  );

/** An entry's key repeated later with another entry's value (JSON.parse keeps the last). */
const keyRepeated = fc.tuple(fc.nat(), fc.nat()).map(
  ([i, j]): Mutation =>
    (pairs) => [...pairs, [pairs[i % pairs.length][0], pairs[j % pairs.length][1]]],
);

/** An entry's data_offsets moved anywhere (overlapping, gapped, reversed, past the end). */
const offsetsMoved = fc
  .tuple(fc.nat(), fc.integer({ min: -2, max: 200 }), fc.integer({ min: -2, max: 200 }))
  .map(
    ([i, start, end]): Mutation =>
      (pairs) =>
        rewriteEntry(pairs, i, (entry) => JSON.stringify({ ...entry, data_offsets: [start, end] })),
  );

/** A field of an entry dropped, or replaced by deeply nested arrays or a long string. */
const fieldReplaced = fc
  .tuple(
    fc.nat(),
    fc.constantFrom('dtype', 'shape', 'data_offsets', 'extra'),
    fc.option(
      fc.oneof(
        fc.integer({ min: 1, max: 1000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
        fc.integer({ min: 1, max: 5000 }).map((n) => JSON.stringify('F'.repeat(n))),
      ),
    ),
  )
  .map(
    ([i, field, text]): Mutation =>
      (pairs) =>
        rewriteEntry(pairs, i, (entry) => {
          const { [field]: _dropped, ...rest } = entry;
          const fields = Object.entries(rest).map(([k, v]): Pair => [k, JSON.stringify(v)]);
          return headerText(text === null ? fields : [...fields, [field, text]]);
        }),
  );

/** A tensor renamed (very long, empty, __proto__ …), or metadata added that may not be strings. */
const renamedOrMetadata = fc
  .tuple(
    fc.nat(),
    fc.oneof(
      fc.integer({ min: 41, max: 5000 }).map((n) => 'x'.repeat(n)),
      fc.constantFrom('', '__proto__', 'constructor', '__metadata__', 'toString', '\u0000'),
    ),
    fc.option(fc.constantFrom('{"format":"pt"}', '{"a":1}', '[]', '"pt"', '{"__proto__":"x"}', 'null')),
  )
  .map(
    ([i, name, metadata]): Mutation =>
      (pairs) => {
        const renamed = pairs.map((pair, k): Pair => (k === i % pairs.length ? [name, pair[1]] : pair));
        return metadata === null ? renamed : [['__metadata__', metadata], ...renamed];
      },
  );

/** One to three of the rewrites a hostile header makes, applied in turn to a valid file's header. */
const hostileHeader = fc
  .array(fc.oneof(numberReplaced, keyRepeated, offsetsMoved, fieldReplaced, renamedOrMetadata), {
    minLength: 1,
    maxLength: 3,
  })
  .map((mutations) => (pairs: Pair[]) => mutations.reduce((p, mutate) => mutate(p), pairs));

/** A valid safetensors file rewritten under a hostile header, its data kept. */
export const withHostileHeader = hostileHeader.map((mutate) => (bytes: Uint8Array) => {
  const { entries, data } = splitSafetensors(bytes);
  return joinSafetensors(headerText(mutate(headerPairs(entries))), data);
});
