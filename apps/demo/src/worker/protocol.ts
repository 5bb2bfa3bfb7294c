import type { PresetName } from '@scratchnet/train';

export type OptimizerName = 'adam' | 'sgd' | 'rmsprop';

export interface TrainConfig {
  model: PresetName;
  optimizer: OptimizerName;
  lr: number;
  batchSize: number;
  epochs: number;
  /** Stop after this many optimizer steps even if epochs remain. */
  maxBatches: number;
  /** Validate (and refresh the grid, confusion matrix and pad model) every this many batches. */
  valEvery: number;
  /** How many test images the final evaluation uses (the grid always shows the first ones). */
  testImages: number;
  seed: number;
  /** Threads of the wasm backend (the worker itself and threads - 1 more Web Workers). */
  threads: number;
}

/** A model in the two-file format the CLI writes: model.json + model.safetensors. */
export interface ModelBytes {
  json: string;
  weights: Uint8Array;
}

/** A model file the page can load: the CLI's two files, or an ONNX model (e.g. exported from PyTorch). */
export type ModelFile = ModelBytes | { onnx: Uint8Array };

/** How a model did on a labelled set. */
export interface Scores {
  loss: number;
  accuracy: number;
  /** counts[true][predicted]. */
  confusion: number[][];
  /** Predicted class of each grid digit (the first test images). */
  gridPredictions: Int32Array;
}

export type ToWorker =
  | { type: 'load'; dataUrl: string }
  | { type: 'train'; config: TrainConfig }
  | { type: 'stop' }
  | { type: 'evaluate'; model: ModelFile; name: string; testImages: number };

export type FromWorker =
  | {
      type: 'data';
      /** What the wasm backend's convolutions and matmul run on here (WebAssembly SIMD or scalar). */
      kernels: string;
      train: number;
      val: number;
      test: number;
      grid: { images: Float32Array; labels: Uint8Array };
    }
  | {
      type: 'progress';
      step: number;
      totalSteps: number;
      epoch: number;
      loss: number;
      accuracy: number;
      samplesPerSecond: number;
    }
  /** Training has started, with the backend running on this many threads. */
  | { type: 'training'; threads: number }
  | { type: 'validation'; step: number; scores: Scores; model: ModelBytes }
  /** What the worker is doing now, for the training panel or the model-files panel. */
  | { type: 'status'; task: 'train' | 'evaluate'; text: string }
  | {
      type: 'trained';
      step: number;
      reason: string;
      /** Over the whole run, training time only (validation left out). */
      samplesPerSecond: number;
      test: Scores;
      testCount: number;
      model: ModelBytes;
    }
  | { type: 'evaluated'; name: string; test: Scores; testCount: number }
  | { type: 'error'; task: 'train' | 'evaluate'; message: string };
