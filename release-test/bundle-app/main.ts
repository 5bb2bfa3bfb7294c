// The browser app of the bundle-size budget: only what a small CNN needs for one training step.
import { Conv2d, Linear, ReLU, Sequential } from '@scratchnet/layers';
import { SoftmaxCrossEntropy } from '@scratchnet/losses';
import { SGD } from '@scratchnet/optimizers';
import { createRng, Tensor } from '@scratchnet/tensor';

/** Trains a conv + linear model on one fixed batch; returns the losses, one per step. */
export function train(steps: number): number[] {
  const rng = createRng(7);
  const features = new Sequential(new Conv2d(1, 4, 3, { rng, padding: 1 }), new ReLU());
  const head = new Linear(4 * 6 * 6, 3, { rng });
  const optimizer = new SGD([...features.parameters(), ...head.parameters()], { lr: 0.05 });
  const loss = new SoftmaxCrossEntropy();
  const x = Tensor.randn([5, 1, 6, 6], { rng });
  const labels = [0, 1, 2, 1, 0];
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    optimizer.zeroGrad();
    const h = features.forward(x, { training: true });
    losses.push(loss.forward(head.forward(h.reshape([5, 4 * 6 * 6]), { training: true }), labels));
    features.backward(head.backward(loss.backward()).reshape(h.shape));
    optimizer.step();
  }
  return losses;
}
