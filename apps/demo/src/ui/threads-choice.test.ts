import { describe, expect, it } from 'vitest';
import { threadsChoice } from './threads-choice';

describe('the threads control', () => {
  it('preselects 2 threads on a cross-origin isolated page with two cores or more', () => {
    for (const cores of [2, 8]) {
      expect(threadsChoice({ isolated: true, cores })).toMatchObject({ twoThreads: true, preselected: 2 });
    }
  });

  it('offers 2 but preselects 1 on one core', () => {
    const choice = threadsChoice({ isolated: true, cores: 1 });
    expect(choice).toMatchObject({ twoThreads: true, preselected: 1 });
    expect(choice.note).toMatch(/one core/);
  });

  it('offers only 1 when the page is not cross-origin isolated, naming the headers it needs', () => {
    const choice = threadsChoice({ isolated: false, cores: 8 });
    expect(choice).toMatchObject({ twoThreads: false, preselected: 1 });
    expect(choice.note).toMatch(/not cross-origin isolated/);
    expect(choice.note).toMatch(/Cross-Origin-Opener-Policy: same-origin/);
    expect(choice.note).toMatch(/Cross-Origin-Embedder-Policy: require-corp/);
  });
});
