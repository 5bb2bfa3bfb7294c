import { loadMnist } from '@scratchnet/datasets/node';
import { SoftmaxCrossEntropy } from '@scratchnet/losses';
import { Adam } from '@scratchnet/optimizers';
import { fit, mlp } from '@scratchnet/train';
import { saveModel } from '@scratchnet/train/node';

/**
 * Trains a small MLP in Node and saves it with saveModel, which is what the CLI's `train` command
 * writes (dir/model.json + dir/model.safetensors), without depending on the CLI itself.
 */
export async function makeCliModel(dir: string): Promise<{ json: string; weights: string }> {
  const model = mlp({ seed: 1 });
  await fit(model, {
    loss: new SoftmaxCrossEntropy(),
    optimizer: new Adam(model.parameters(), { lr: 1e-3 }),
    train: loadMnist({ split: 'train', limit: 2000 }),
    epochs: 3,
    batchSize: 32,
    seed: 1,
  });
  saveModel(model, dir, { info: { preset: 'mlp', trainedBy: 'demo e2e test (as the CLI saves)' } });
  return { json: `${dir}/model.json`, weights: `${dir}/model.safetensors` };
}
