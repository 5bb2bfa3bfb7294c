import { describe, expect, it } from 'vitest';
import { parseHexColour } from './canvas';
import { trainingCurves } from './curves';
import { SERIES_COLOURS } from './plot-layout';
import { decodePng } from './png-decode';
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

  it('rasterises the same layout to a PNG with both series colours', () => {
    const image = decodePng(renderPngPlot(trainingCurves([log(0, 0.5, 0.6), log(1, 0.7, 0.8)])));
    expect([image.width, image.height, image.channels]).toEqual([900, 360, 3]);
    const has = (hex: string) => {
      const [r, g, b] = parseHexColour(hex);
      for (let i = 0; i < image.data.length; i += 3)
        if (image.data[i] === r && image.data[i + 1] === g && image.data[i + 2] === b) return true;
      return false;
    };
    expect(has(SERIES_COLOURS[0]) && has(SERIES_COLOURS[1])).toBe(true);
    expect(has(SERIES_COLOURS[2])).toBe(false);
  });
});
