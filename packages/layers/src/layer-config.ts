/** Plain JSON, as stored in a model file. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * A layer's constructor arguments as JSON: `new registry[kind](...args)` rebuilds it.
 * A seeded generator is not JSON, so `args` keep a `seed` only when the layer was built with one.
 */
export interface LayerConfig {
  kind: string;
  args: JsonValue[];
}

/** Drops undefined values (JSON has none) and the non-JSON `rng`. */
export function jsonOptions(options: object): { [key: string]: JsonValue } {
  const out: { [key: string]: JsonValue } = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || key === 'rng') continue;
    out[key] = value as JsonValue;
  }
  return out;
}
