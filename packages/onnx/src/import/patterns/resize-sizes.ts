import { intAttribute, isIntegers, patternRewrite, producerOf } from '../node-links';

/**
 * Resize whose sizes are Concat(Slice(Shape(x), [0], [2]), [outH, outW]) — the batch and channels
 * read at run time, so that the batch stays free, as PyTorch and exportOnnx write a fixed-size
 * Upsample -> Resize with the constant [outH, outW] as its sizes (two values: the spatial ones).
 */
export const fuseResizeSizes = patternRewrite((resize, { links, constants, fuse }) => {
  if (resize.opType !== 'Resize' || !resize.inputs[3]) return;
  const x = resize.inputs[0];
  const concat = producerOf(links, resize.inputs[3], 'Concat');
  const slice = concat && producerOf(links, concat.inputs[0], 'Slice');
  const shape = slice && producerOf(links, slice.inputs[0], 'Shape');
  const spatial = concat?.inputs[1] ?? '';
  const size = constants.get(spatial);
  const matches =
    concat &&
    slice &&
    shape &&
    concat.inputs.length === 2 &&
    intAttribute(concat, 'axis', 0) === 0 &&
    size?.kind === 'int' &&
    size.values.length === 2 &&
    isIntegers(constants, slice.inputs[1], [0]) &&
    isIntegers(constants, slice.inputs[2], [2]) &&
    (!slice.inputs[3] || isIntegers(constants, slice.inputs[3], [0])) &&
    !slice.inputs[4] &&
    shape.inputs[0] === x &&
    shape.attributes.length === 0 &&
    [concat, slice, shape].every((n) => links.onlyReader(n.outputs[0]));
  if (matches) fuse([shape, slice, concat, resize], { ...resize, inputs: [x, '', '', spatial] });
});
