export type {
  BatchLog,
  Callback,
  EarlyStoppingOptions,
  EpochLog,
  Monitor,
  TrainingContext,
} from './callbacks';
export { earlyStopping } from './callbacks';
export type { EvaluateOptions, Evaluation } from './evaluate';
export { evaluate, predict } from './evaluate';
export type { FitOptions, History } from './fit';
export { fit, NonFiniteLossError } from './fit';
export type { ClassMetrics, Labels } from './metrics';
export { accuracy, classMetrics, confusionMatrix } from './metrics';
export type { ModelData, ModelFile, ModelInput, SerializedModel } from './model-format';
export { deserializeModel, parseModelFile, serializeModel } from './model-format';
export type { LossFunction, LrScheduler, TrainableModel, TrainingOptimizer } from './model-types';
export type { PresetName, PresetOptions, ResNetOptions } from './presets';
export { lenet, lstm, mlp, presets, resnet, seedCnn, smallCnn, vit } from './presets';
export type { EncodeSafetensorsOptions, Safetensors } from './safetensors';
export { decodeSafetensors, encodeSafetensors } from './safetensors';
export type { SafetensorsDType } from './safetensors-dtypes';
export type { TrainStepOptions, TrainStepResult } from './train-step';
export { trainStep } from './train-step';
