import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/run-cli';
import { UsageError } from './errors';
import { resumeTarget } from './training-run';

describe('resumeTarget: which checkpoint of which folder --resume continues', () => {
  const run = join(tempDir(), 'run');
  mkdirSync(run, { recursive: true });
  writeFileSync(join(run, 'model.json'), '{}');

  it('the newest of the folder unless --resume-from names one', () => {
    expect(resumeTarget({})).toBeUndefined();
    expect(resumeTarget({ resume: run })).toEqual({ dir: run, choice: 'newest' });
    expect(resumeTarget({ resume: run, resumeFrom: 'exact' })).toEqual({ dir: run, choice: 'exact' });
    expect(resumeTarget({ resume: join(run, 'model.json') })).toEqual({ dir: run, choice: 'newest' });
  });

  it('refuses --resume-from without --resume, and a folder that does not exist', () => {
    expect(() => resumeTarget({ resumeFrom: 'exact' })).toThrow(
      new UsageError('--resume-from exact: give --resume DIR too'),
    );
    expect(() => resumeTarget({ resume: join(run, 'nope') })).toThrow(
      `--resume ${join(run, 'nope')}: no such folder`,
    );
  });
});
