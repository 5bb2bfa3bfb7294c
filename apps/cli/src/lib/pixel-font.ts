/** A 3x5 bitmap font covering the characters plots need (digits, signs and a few lower-case letters). */
const GLYPHS: Record<string, string> = {
  '0': '111101101101111',
  '1': '010110010010111',
  '2': '111001111100111',
  '3': '111001111001111',
  '4': '101101111001001',
  '5': '111100111001111',
  '6': '111100111101111',
  '7': '111001010010010',
  '8': '111101111101111',
  '9': '111101111001111',
  '.': '000000000000010',
  '-': '000000111000000',
  '+': '000010111010000',
  e: '000111111100111',
  a: '000011101101011',
  c: '000111100100111',
  u: '000101101101111',
  r: '000110101100100',
  y: '000101111001110',
  l: '100100100100111',
  o: '000111101101111',
  s: '000011110011110',
  t: '010111010010011',
  i: '010000010010010',
  n: '000110101101101',
  v: '000101101101010',
  d: '001011101101011',
  p: '000111101111100',
  h: '100100111101101',
  ' ': '000000000000000',
};

export const GLYPH_WIDTH = 3;
export const GLYPH_HEIGHT = 5;

/** Whether pixel (x, y) of `char` is set; unknown characters are blank. */
export function glyphPixel(char: string, x: number, y: number): boolean {
  return GLYPHS[char]?.[y * GLYPH_WIDTH + x] === '1';
}
