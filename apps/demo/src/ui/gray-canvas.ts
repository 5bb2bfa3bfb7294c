export type Shade = 'unit' | 'minmax' | 'diverging';

/** Maps values to RGB: 'unit' is [0, 1] gray, 'minmax' stretches to the range, 'diverging' is blue-white-red around 0. */
function shader(values: ArrayLike<number>, shade: Shade): (v: number) => [number, number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    lo = Math.min(lo, values[i]);
    hi = Math.max(hi, values[i]);
  }
  if (shade === 'unit') return (v) => gray(v);
  if (shade === 'minmax') return (v) => gray(hi > lo ? (v - lo) / (hi - lo) : 0);
  const extent = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
  return (v) => {
    const t = Math.max(-1, Math.min(1, v / extent));
    const fade = Math.round(255 * (1 - Math.abs(t)));
    return t >= 0 ? [255, fade, fade] : [fade, fade, 255];
  };
}

function gray(v: number): [number, number, number] {
  const g = Math.round(255 * Math.max(0, Math.min(1, v)));
  return [g, g, g];
}

/** Paints a width x height array of values onto a canvas of that many pixels. */
export function paintValues(
  canvas: HTMLCanvasElement,
  values: ArrayLike<number>,
  width: number,
  height: number,
  shade: Shade = 'unit',
): void {
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) return;
  const image = context.createImageData(width, height);
  const color = shader(values, shade);
  for (let i = 0; i < width * height; i++) {
    const [r, g, b] = color(values[i]);
    image.data.set([r, g, b, 255], 4 * i);
  }
  context.putImageData(image, 0, 0);
}

/** Replaces a container's tiles by one canvas per value block. */
export function paintTiles(
  container: HTMLElement,
  blocks: ArrayLike<number>[],
  width: number,
  height: number,
  shade: Shade,
  label: (index: number) => string,
): void {
  container.replaceChildren(
    ...blocks.map((block, i) => {
      const canvas = document.createElement('canvas');
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', label(i));
      canvas.title = label(i);
      paintValues(canvas, block, width, height, shade);
      return canvas;
    }),
  );
}
