import { type ImageSet, mnistFromIdx, trainValSplit } from '@scratchnet/datasets';

/** Held out from the shipped training images for the validation curve. */
export const VAL_IMAGES = 1000;

export interface MnistSets {
  train: ImageSet;
  val: ImageSet;
  test: ImageSet;
}

async function fetchBytes(url: URL): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not fetch ${url.pathname}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function fetchSplit(dataUrl: string, prefix: 'train' | 't10k'): Promise<ImageSet> {
  const [images, labels] = await Promise.all([
    fetchBytes(new URL(`${prefix}-images-idx3-ubyte`, dataUrl)),
    fetchBytes(new URL(`${prefix}-labels-idx1-ubyte`, dataUrl)),
  ]);
  return mnistFromIdx(images, labels);
}

/** The IDX files the page serves, parsed; the last VAL_IMAGES training images become the validation set. */
export async function fetchMnist(dataUrl: string): Promise<MnistSets> {
  const [shipped, test] = await Promise.all([fetchSplit(dataUrl, 'train'), fetchSplit(dataUrl, 't10k')]);
  const { train, val } = trainValSplit(shipped, { valSize: VAL_IMAGES });
  return { train, val, test };
}
