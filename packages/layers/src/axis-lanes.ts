import { formatShape } from '@scratchnet/tensor';

/** The 1-D lanes of a row-major shape along one axis: `count` lanes of `length` elements `stride` apart. */
export interface AxisLanes {
  axis: number;
  length: number;
  stride: number;
  count: number;
  /** Offset of the first element of lane `lane`. */
  start(lane: number): number;
}

export function resolveAxis(layer: string, axis: number, shape: readonly number[]): number {
  const rank = shape.length;
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new Error(
      `${layer}: axis ${axis} is out of range for input of shape ${formatShape(shape)} (rank ${rank})`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}

export function axisLanes(layer: string, shape: readonly number[], axis: number): AxisLanes {
  const a = resolveAxis(layer, axis, shape);
  const length = shape[a];
  const stride = shape.slice(a + 1).reduce((p, d) => p * d, 1);
  const outer = shape.slice(0, a).reduce((p, d) => p * d, 1);
  return {
    axis: a,
    length,
    stride,
    count: outer * stride,
    start: (lane) => Math.floor(lane / stride) * length * stride + (lane % stride),
  };
}
