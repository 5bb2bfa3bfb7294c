import { decodeImage } from '@scratchnet/datasets/node';
import { describe, expect, it } from 'vitest';
import { trainingCurves } from './curves';
import { SERIES_COLOURS } from './plot-layout';
import { renderPngPlot } from './png-plot';
import { renderSvgPlot } from './svg-plot';
import { textChart } from './text-chart';

const log = (epoch: number, accuracy: number, valAccuracy?: number) => ({
  epoch,
  loss: 1 - accuracy,
  accuracy,
  valAccuracy,
  valLoss: valAccuracy === undefined ? undefined : 1 - valAccuracy,
  seconds: 1,
  samplesPerSecond: 1,
  lr: 0.1,
});

describe('textChart', () => {
  it('plots a rising series bottom-left to top-right with its range on the axis', () => {
    const chart = textChart(
      { title: 'accuracy', series: [{ label: 'train', values: [0.5, 0.75, 1] }] },
      { width: 11, height: 5 },
    );
    const lines = chart.split('\n');
    expect(lines[0]).toBe('accuracy   (* train)');
    // Column c of 11 shows 0.5 + 0.05c at level round(0.4c) of 0..4.
    expect(lines[1]).toBe('1.000 |         **');
    expect(lines[3]).toBe('      |    ***');
    expect(lines[5]).toBe('0.500 |**');
    expect(lines[6]).toBe('      +-----------');
    expect(lines[7]).toBe('       epoch 1   3');
  });

  it('draws a flat or single-epoch series mid-height, and a later series over an earlier one', () => {
    const chart = textChart(
      {
        title: 'loss',
        series: [
          { label: 'train', values: [0.3] },
          { label: 'validation', values: [0.3] },
        ],
      },
      { width: 4, height: 3 },
    );
    expect(chart.split('\n')[2]).toBe('      |oooo');
  });
});

describe('training curves', () => {
  it('has accuracy and loss panels with validation only when every epoch has it', () => {
    const [accuracy, loss] = trainingCurves([log(0, 0.5, 0.6), log(1, 0.7, 0.8)]);
    expect(accuracy.series.map((s) => [s.label, s.values])).toEqual([
      ['train', [0.5, 0.7]],
      ['validation', [0.6, 0.8]],
    ]);
    expect(loss.series[1].values[1]).toBeCloseTo(0.2, 12);
    expect(trainingCurves([log(0, 0.5)])[0].series).toHaveLength(1);
  });

  it('renders one polyline per series in the SVG', () => {
    const svg = renderSvgPlot(trainingCurves([log(0, 0.5, 0.6), log(1, 0.7, 0.8)]));
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(4);
    expect(svg).toContain('>validation</text>');
  });

  it('renders the SVG to a PNG of its size, with both series colours and dark text', () => {
    const image = decodeImage(renderPngPlot(trainingCurves([log(0, 0.5, 0.6), log(1, 0.7, 0.8)])));
    expect([image.width, image.height, image.channels]).toEqual([900, 360, 4]);
    const count = (hex: string) => {
      const n = Number.parseInt(hex.slice(1), 16);
      const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
      let found = 0;
      for (let i = 0; i < image.data.length; i += 4)
        if (image.data[i] === r && image.data[i + 1] === g && image.data[i + 2] === b) found++;
      return found;
    };
    expect(count(SERIES_COLOURS[0])).toBeGreaterThan(50);
    expect(count(SERIES_COLOURS[1])).toBeGreaterThan(50);
    expect(count(SERIES_COLOURS[2])).toBe(0);
    // Text in #333: dark grey pixels (the 1-pixel frame lines fall between rows, so they come out
    // lighter; without fonts the plot has about 2 such pixels, with its titles and labels over 1,000).
    let dark = 0;
    for (let i = 0; i < image.data.length; i += 4) {
      const [r, g, b] = image.data.subarray(i, i + 3);
      if (r < 120 && r === g && g === b) dark++;
    }
    expect(dark).toBeGreaterThan(500);
  });
});
