import fc from 'fast-check';

interface Config {
  kind: string;
  args: unknown[];
}

/** A model.json whose architecture is a Sequential, as text, with `hole` (a JSON string) replaced by `text`. */
function modelText(architecture: Config, hole: string | null, text: string): string {
  const json = JSON.stringify({ format: 'scratchnet.model', version: 1, architecture });
  return hole === null ? json : json.replace(JSON.stringify(hole), text);
}

const HOLE = '\u0000hole';

/** JSON text a hostile file puts where an argument belongs. */
const hostileArgument = fc.oneof(
  fc.constantFrom(
    '-1',
    '0',
    '1.5',
    '-0',
    '1e400',
    '-1e400',
    '9007199254740993',
    '1e9',
    '2147483648',
    '268435457',
    'null',
    'true',
    '"3"',
    '[]',
    '[3, 3, 3]',
    '[1e400, 2]',
    '{}',
    '{"stride": 0}',
    '{"stride": [1e400, 1]}',
    '{"padding": "same", "stride": 2}',
    '{"padding": [1, 2, 3]}',
    '{"groups": 3}',
    '{"groups": 1e400}',
    '{"dilation": 0}',
    '{"dtype": "float16"}',
    '{"init": "toString"}',
    '{"bias": "yes"}',
    '{"seed": -1}',
    '{"seed": 1e400}',
    '{"eps": 0}',
    '{"momentum": 2}',
    '{"affine": false, "trackRunningStats": false}',
    '{"__proto__": {"bias": false}}',
    '{"p": 1.5}',
  ),
  fc.integer({ min: 1, max: 2000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.integer({ min: 1, max: 2000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
  fc.integer({ min: 41, max: 5000 }).map((n) => JSON.stringify('k'.repeat(n))),
);

/** What a hostile file puts as a layer kind. */
const hostileKind = fc.oneof(
  fc.constantFrom(
    'toString',
    '__proto__',
    'constructor',
    'hasOwnProperty',
    '',
    'Sequential',
    'Nope',
    'linear',
  ),
  fc.integer({ min: 41, max: 5000 }).map((n) => 'K'.repeat(n)),
);

/** What a hostile file names a child, a node or a graph value. */
const hostileName = fc.oneof(
  fc.constantFrom('x', 'a', '', 'a.b', '__proto__', 'toString', 'constructor', 7, null),
  fc.integer({ min: 41, max: 5000 }).map((n) => 'n'.repeat(n)),
);

/** `model` inside a Residual (named or not, with a hostile shortcut name) or a Graph with hostile wiring. */
function inContainer(model: Config) {
  return fc.oneof(
    fc.tuple(hostileName, hostileName, fc.boolean()).map(([child, shortcutName, named]) => ({
      kind: 'Residual',
      args: [
        named ? { named: { [String(child)]: model } } : { layer: model },
        { shortcut: null, shortcutName },
      ],
    })),
    fc
      .tuple(hostileName, hostileName, fc.constantFrom('add', 'mul', 'concat', 'max', 5, null), fc.boolean())
      .map(([input, node, merge, cycle]) => ({
        kind: 'Graph',
        args: [
          {
            inputs: [input],
            nodes: [
              { name: node, inputs: [cycle ? 'm' : input], layer: model },
              { name: 'm', inputs: [input, node], merge },
            ],
            outputs: ['m'],
          },
        ],
      })),
    fc.tuple(hostileName, fc.nat({ max: 3 })).map(([dim, copies]) => ({
      kind: 'Concat',
      args: [...Array(copies).fill(model), { dim }],
    })),
  );
}

/** A layer of `architecture` (a Sequential) picked by `i`, with the path into its args. */
function pickLayer(architecture: Config, i: number): Config {
  return architecture.args[i % architecture.args.length] as Config;
}

/** model.json texts of `architecture`, rewritten the ways a hostile or broken file is. */
export function hostileModelJson(architecture: Config): fc.Arbitrary<string> {
  const copy = () => structuredClone(architecture);
  const valid = modelText(architecture, null, '');
  return fc.oneof(
    // An argument of one layer replaced (or one added) by hostile JSON.
    fc.tuple(fc.nat(), fc.nat({ max: 4 }), hostileArgument).map(([i, j, text]) => {
      const a = copy();
      const layer = pickLayer(a, i);
      layer.args[Math.min(j, layer.args.length)] = HOLE;
      return modelText(a, HOLE, text);
    }),
    // A layer's kind replaced, or its args made something other than an array.
    fc.tuple(fc.nat(), hostileKind, fc.boolean()).map(([i, kind, argsToo]) => {
      const a = copy();
      const layer = pickLayer(a, i);
      layer.kind = kind;
      if (argsToo) layer.args = HOLE as unknown as unknown[];
      return modelText(a, argsToo ? HOLE : null, '{"0": 1}');
    }),
    // Keys repeated in the text (JSON.parse keeps the last).
    fc.constantFrom('format', 'version', 'architecture', 'kind', 'args').map((key) => {
      const extra = { format: '"other"', version: '2', architecture: '{}', kind: '"Nope"', args: '[1]' }[key];
      return valid.replace(`"${key}":`, `"${key}":${extra},"${key}":`);
    }),
    // The whole model nested in Sequentials, or a Sequential of many layers.
    fc.integer({ min: 1, max: 100 }).map((depth) => {
      let a: Config = copy();
      for (let d = 0; d < depth; d++) a = { kind: 'Sequential', args: [a] };
      return modelText(a, null, '');
    }),
    fc
      .integer({ min: 1, max: 300 })
      .map((width) =>
        modelText({ kind: 'Sequential', args: Array(width).fill({ kind: 'ReLU', args: [] }) }, null, ''),
      ),
    // The model inside a container whose names and wiring are hostile.
    inContainer(architecture).map((container) => modelText(container as Config, null, '')),
    // The text cut short, or one character replaced by a JSON character.
    fc.nat().map((cut) => valid.slice(0, cut % valid.length)),
    fc
      .tuple(fc.nat(), fc.constantFrom(...'{}[]",:-.0123456789eE \\'))
      .map(([at, c]) => valid.slice(0, at % valid.length) + c + valid.slice((at % valid.length) + 1)),
  );
}
