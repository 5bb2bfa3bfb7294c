/**
 * A value someone passed, for an error message: numbers as themselves (NaN, Infinity and -0 too),
 * arrays element by element, strings and other values as JSON; cut to `max` characters, so that a
 * hostile file's 100,000-character string or 50,000-deep array still makes a one-line message.
 */
export function formatValue(value: unknown, max = 40): string {
  const out = { text: '' };
  write(value, out, max, 0);
  return out.text.length > max ? `${out.text.slice(0, max - 1)}…` : out.text;
}

function write(value: unknown, out: { text: string }, max: number, depth: number): void {
  if (out.text.length > max) return;
  if (typeof value === 'number') {
    out.text += Object.is(value, -0) ? '-0' : String(value);
  } else if (Array.isArray(value)) {
    if (depth >= 8) {
      out.text += '[…]';
      return;
    }
    out.text += '[';
    for (let i = 0; i < value.length && out.text.length <= max; i++) {
      if (i > 0) out.text += ', ';
      write(value[i], out, max, depth + 1);
    }
    out.text += ']';
  } else if (typeof value === 'string') {
    out.text += JSON.stringify(value.length > max ? value.slice(0, max) : value);
  } else {
    out.text += jsonOrString(value);
  }
}

function jsonOrString(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return 'a value JSON cannot print';
  }
}
