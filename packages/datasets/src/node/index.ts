export type { LoadedImageSet, LoadImageSetOptions } from './load-image-set';
export { DATA_DIR_ENV, loadFashionMnist, loadMnist } from './load-image-set';
export type { ImageSetFiles, SearchPlace, Split } from './locate-image-set';
export { idxFileNames } from './locate-image-set';
export type { IdxFileArray, ReadIdxFileOptions } from './read-idx-file';
export { readIdxFile } from './read-idx-file';
