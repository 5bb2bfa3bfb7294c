/**
 * The most elements one tensor may hold: 2^28 (268,435,456), 1 GiB as float32 and 2 GiB as float64.
 * Why 2^28: it holds the largest tensors of realistic models with room to spare (VGG-16's 4096×25088
 * fc6 weight has 102.8M elements, under 2^27; a batch of 64 ImageNet activations [64, 64, 224, 224]
 * has 205M), while a tensor and the float64 copies the kernels make of it stay within what one
 * JavaScript engine gives one array (V8 stops typed arrays at 2^32 elements, a wasm32 memory at 4 GiB)
 * and within a laptop's memory. So a mistyped size (`new BatchNorm2d(2 ** 31)`) fails at once, naming
 * the shape, instead of paging gigabytes in for minutes.
 */
export const MAX_TENSOR_ELEMENTS = 2 ** 28;

/** How the limit reads in error messages. */
export const MAX_TENSOR_ELEMENTS_TEXT = '2^28';
