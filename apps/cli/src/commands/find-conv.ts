import { applyConvPlan, planConv } from '@scratchnet/layers';
import { asUsageError } from '../lib/errors';
import { say } from '../lib/output';

/** The seeds' find_conv: square stride-1 convolutions taking IN x IN to OUT x OUT in LAYERS layers. */
export async function findConvCommand(
  inputSize: number,
  outputSize: number,
  layers: number,
): Promise<number> {
  const plan = asUsageError('find-conv', () => planConv(inputSize, outputSize, layers));
  for (const step of plan) say(`(${step.kernelSize}x${step.kernelSize}) kernel, ${step.padding} padding`);
  say(`sizes: ${[inputSize, ...applyConvPlan(inputSize, plan)].join(' -> ')}`);
  return 0;
}
