import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePgm } from '@scratchnet/datasets';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/run-cli';
import { readDigitFile } from './digit-file';
import { UsageError } from './errors';

const page = (ink: number) =>
  encodePgm({ width: 6, height: 4, channels: 1, data: new Uint8Array(24).fill(ink) });

describe('readDigitFile', () => {
  it('reads a dark digit on light paper as white ink on black', () => {
    const bytes = page(255);
    bytes.fill(0, bytes.length - 24 + 8, bytes.length - 24 + 10); // a dark dash in row 1
    const file = join(tempDir(), 'dash.pgm');
    writeFileSync(file, bytes);
    const digit = readDigitFile(file);
    expect(digit).toHaveLength(28 * 28);
    expect(digit.filter((v) => v === 1)).toHaveLength(20 * 10);
    expect(digit.filter((v) => v !== 0 && v !== 1)).toHaveLength(0);
  });

  it('refuses a blank picture as bad input, naming the file', () => {
    const file = join(tempDir(), 'blank.pgm');
    writeFileSync(file, page(255));
    expect(() => readDigitFile(file)).toThrow(UsageError);
    expect(() => readDigitFile(file)).toThrow(`${file}: the image is blank (no ink found`);
  });
});
