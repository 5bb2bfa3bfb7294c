// Run by kill-during-save.test.ts, which SIGKILLs it at random moments: saves lenet (3.3 M
// parameters, 13 MB of weights) into argv[2] over and over. Save number g fills every weight with g
// and records g as the epoch count, the optimizer state and the info, so that the test can tell
// whether a checkpoint it loads is one consistent set. Prints "saved g" after each save.
import { lenet } from '../../dist/index.js';
import { saveModel } from '../../dist/node/index.js';

const [dir, first] = [process.argv[2], Number(process.argv[3])];
const model = lenet({ seed: 0 });
for (let g = first; ; g++) {
  for (const p of model.parameters()) p.value.data.fill(g);
  const optimizer = { stateDict: () => ({ generation: g }) };
  saveModel(model, dir, { info: { generation: g }, optimizer, epochsDone: g });
  process.stdout.write(`saved ${g}\n`);
}
