export { writeFileAtomic } from './atomic-write';
export type { Checkpoint, SaveModelOptions } from './save-model';
export { loadCheckpoint, loadModel, saveModel } from './save-model';
