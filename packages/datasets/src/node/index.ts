export type {
  CsvClassification,
  CsvColumn,
  CsvDatasetOptions,
  CsvFeatures,
  CsvFeaturesOptions,
  CsvRegression,
  CsvTable,
  CsvTableOptions,
} from './csv-dataset';
export { csvDataset, csvFeatures, parseCsvTable, readCsvTable } from './csv-dataset';
export { decodeImage, encodePng, readImage } from './decode-image';
export type { ImageFolder, ImageFolderOptions } from './image-folder';
export { imageFolder } from './image-folder';
export type { LoadedImageSet, LoadImageSetOptions } from './load-image-set';
export { DATA_DIR_ENV, loadFashionMnist, loadMnist } from './load-image-set';
export type { ImageSetFiles, SearchPlace, Split } from './locate-image-set';
export { idxFileNames } from './locate-image-set';
export type { IdxFileArray, ReadIdxFileOptions } from './read-idx-file';
export { readIdxFile } from './read-idx-file';
