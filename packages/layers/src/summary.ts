import { formatShape } from '@scratchnet/tensor';
import type { Layer } from './layer';

function countElements(tensors: { value: { size: number } }[]): number {
  return tensors.reduce((total, t) => total + t.value.size, 0);
}

function bytesOf(layer: Layer, count: (l: Layer) => { value: { size: number; dtype: string } }[]): number {
  return count(layer).reduce((total, t) => total + t.value.size * (t.value.dtype === 'float64' ? 8 : 4), 0);
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(2)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

const group = (n: number) => n.toLocaleString('en-US');

/**
 * A Keras-style table: one row per layer with its output shape (batch included, as given) and
 * parameter count, then totals. Buffers (BatchNorm running statistics) count as non-trainable.
 */
export function summarize(title: string, layers: readonly Layer[], inputShape: readonly number[]): string {
  const rows: [string, string, string][] = [];
  let shape: readonly number[] = inputShape;
  layers.forEach((layer, index) => {
    shape = layer.outputShape(shape);
    rows.push([`${index} (${layer.kind})`, formatShape(shape), group(countElements(layer.parameters()))]);
  });
  const header: [string, string, string] = ['Layer (type)', 'Output Shape', 'Param #'];
  const widths = [0, 1, 2].map((c) => Math.max(...[header, ...rows].map((r) => r[c].length)) + 4);
  const line = (r: [string, string, string]) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]))
      .join('')
      .trimEnd();
  const rule = (ch: string) => ch.repeat(widths.reduce((a, b) => a + b, 0));
  const trainable = layers.reduce((t, l) => t + countElements(l.parameters()), 0);
  const frozen = layers.reduce((t, l) => t + countElements(l.buffers()), 0);
  const trainableBytes = layers.reduce((t, l) => t + bytesOf(l, (x) => x.parameters()), 0);
  const frozenBytes = layers.reduce((t, l) => t + bytesOf(l, (x) => x.buffers()), 0);
  return [
    `Model: "${title}"`,
    rule('_'),
    line(header),
    rule('='),
    ...rows.map(line),
    rule('='),
    `Total params: ${group(trainable + frozen)} (${formatBytes(trainableBytes + frozenBytes)})`,
    `Trainable params: ${group(trainable)} (${formatBytes(trainableBytes)})`,
    `Non-trainable params: ${group(frozen)} (${formatBytes(frozenBytes)})`,
    rule('_'),
  ].join('\n');
}
