import { writeFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import type { Panel } from './curves';
import { renderPngPlot } from './png-plot';
import { renderSvgPlot } from './svg-plot';

/** commander parser for --plot: the file name must end in .svg or .png. */
export function plotPath(path: string): string {
  if (!/\.(svg|png)$/i.test(path))
    throw new InvalidArgumentError('expected a file name ending in .svg or .png.');
  return path;
}

export function writePlot(path: string, panels: readonly Panel[]): void {
  writeFileSync(path, /\.png$/i.test(path) ? renderPngPlot(panels) : renderSvgPlot(panels));
}
