import { registerOnnxLayers } from '@scratchnet/onnx';
import { Argument, Command, Option } from 'commander';
import { version } from '../package.json';
import { BENCH_TARGETS, type BenchOptions, type BenchTarget, benchCommand } from './commands/bench';
import { type DoctorOptions, doctorCommand } from './commands/doctor';
import { type EvalOptions, evalCommand } from './commands/eval';
import { findConvCommand } from './commands/find-conv';
import { type GradcheckOptions, gradcheckCommand } from './commands/gradcheck';
import { LR_FIND_DEFAULTS, type LrFindOptions, lrFindCommand } from './commands/lr-find';
import { type ExportOptions, exportCommand } from './commands/onnx-export';
import { type ImportOptions, importCommand } from './commands/onnx-import';
import { type PredictOptions, predictCommand } from './commands/predict';
import { type SummaryOptions, summaryCommand } from './commands/summary';
import { trainCommand } from './commands/train';
import { DATASET_CHOICES } from './lib/datasets';
import { SCHEDULE_CHOICES, SCHEDULE_DEFAULTS } from './lib/lr-schedule';
import { PRESET_NAMES } from './lib/model-source';
import { BACKEND_CHOICES } from './lib/native-backend';
import { OPTIMIZER_CHOICES } from './lib/optimizer-choice';
import { nonNegativeInt, nonNegativeNumber, positiveInt, positiveNumber } from './lib/options';
import { exitQuietlyOnBrokenPipe } from './lib/output';
import { plotPath } from './lib/plot-file';
import { reportError, usageHint } from './lib/report-error';
import { RESUME_CHOICES, TRAIN_DEFAULTS, type TrainOptions } from './lib/training-run';

const program = new Command('scratchnet')
  .description('Train, evaluate and inspect neural networks written from scratch in TypeScript.')
  .version(version)
  .option('--verbose', 'print stack traces on errors')
  .exitOverride();

/** A sub-command that exits through main's error handling and points at its own help after an error. */
function command(name: string, description: string): Command {
  return program.command(name).description(description).exitOverride().showHelpAfterError(usageHint(name));
}

const backendOption = () =>
  new Option('--backend <name>', 'kernel backend (default: auto = native when it loads, else wasm)').choices(
    BACKEND_CHOICES,
  );
const threadsOption = () =>
  new Option(
    '--threads <n>',
    'threads of the active backend (native default: $SCRATCHNET_NUM_THREADS or all cores; wasm default: 1; js: 1 only)',
  ).argParser(positiveInt);
const jsonOption = () =>
  new Option('--json', 'print the result as one JSON object on the last line of stdout');
const datasetOption = (help: string) => new Option('--dataset <name>', help).choices(DATASET_CHOICES);
const channelsOption = () =>
  new Option(
    '--channels <n>',
    'with --data DIR: 1 (gray) or 3 (RGB) (default: 3 for small-cnn and a model.json, 1 for the other presets)',
  )
    .choices(['1', '3'])
    .argParser((text) => Number(text) as 1 | 3);

/** Runs a command's action and keeps its exit code; errors go to main. */
const run =
  <A extends unknown[]>(action: (...args: A) => Promise<number>) =>
  async (...args: A) => {
    process.exitCode = await action(...args);
  };

/** The flags that build a run's model, data and optimizer: train's, and lr-find's (which trains alike for a few batches). */
function modelDataOptimizerOptions(cmd: Command): Command {
  return cmd
    .option(
      '--model <preset|model.json>',
      `preset (${PRESET_NAMES.join(', ')}) or a model.json architecture (default: ${TRAIN_DEFAULTS.model})`,
    )
    .addOption(datasetOption(`data set (default: ${TRAIN_DEFAULTS.dataset})`))
    .option(
      '--data <dir|file.csv>',
      'your own data: a folder with one subfolder of pictures per class, or a CSV table (shuffled with --seed; the last sixth is the test part)',
    )
    .option(
      '--image-size <n>',
      'with --data DIR: resize pictures to N x N (default: 32 for small-cnn and a model.json, 28 for the other presets)',
      positiveInt,
    )
    .addOption(channelsOption())
    .option('--target <column>', 'with --data FILE.csv: the column to predict (required)')
    .option('--batch-size <n>', `mini-batch size (default: ${TRAIN_DEFAULTS.batchSize})`, positiveInt)
    .addOption(
      new Option('--optimizer <name>', `optimizer (default: ${TRAIN_DEFAULTS.optimizer})`).choices(
        OPTIMIZER_CHOICES,
      ),
    )
    .option('--momentum <m>', `SGD momentum (default: ${TRAIN_DEFAULTS.momentum})`, nonNegativeNumber)
    .option('--nesterov', 'SGD with Nesterov momentum')
    .option(
      '--weight-decay <x>',
      'weight decay: L2 for sgd, adam and rmsprop, decoupled for adamw (default: 0.01 for adamw, else 0)',
      nonNegativeNumber,
    );
}

/** Seed, backend, threads and how much of the data: train's and lr-find's. */
function runOptions(cmd: Command): Command {
  return cmd
    .option(
      '--seed <s>',
      `seed of initialisation and shuffling (default: ${TRAIN_DEFAULTS.seed})`,
      nonNegativeInt,
    )
    .addOption(backendOption())
    .addOption(threadsOption())
    .option(
      '--val-split <n>',
      'keep the last N training samples for validation (default: one sixth)',
      nonNegativeInt,
    )
    .option(
      '--limit <n>',
      'use only the first N training samples and the first ceil(N/6) test samples',
      positiveInt,
    );
}

runOptions(modelDataOptimizerOptions(command('train', 'train a model and report its test accuracy')))
  .option('--epochs <n>', `epochs (default: ${TRAIN_DEFAULTS.epochs})`, positiveInt)
  .option('--lr <x>', 'learning rate (default: 0.001 for adam/adamw, 0.05 for sgd)', positiveNumber)
  .option(
    '--clip-grad-norm <x>',
    "rescale each step's gradients to a total 2-norm of at most X (default: no clipping)",
    positiveNumber,
  )
  .addOption(
    new Option(
      '--schedule <name>',
      `lr schedule: cosine (anneal to 0 over the run), step (--gamma every --step-size epochs), onecycle (peak at --lr), plateau (cut tenfold when the validation loss stalls), warmup (linear warm-up, then cosine) or none (default: ${TRAIN_DEFAULTS.schedule})`,
    ).choices(SCHEDULE_CHOICES),
  )
  .option(
    '--step-size <n>',
    `--schedule step: epochs between lr reductions (default: ${SCHEDULE_DEFAULTS.stepSize})`,
    positiveInt,
  )
  .option(
    '--gamma <g>',
    `--schedule step: the lr factor at each reduction (default: ${SCHEDULE_DEFAULTS.gamma})`,
    positiveNumber,
  )
  .option(
    '--warmup-steps <n>',
    '--schedule warmup: batches of linear warm-up from lr/3 to --lr before the cosine (default: one epoch)',
    positiveInt,
  )
  .option(
    '--plateau-patience <n>',
    `--schedule plateau: epochs without a better validation loss before the lr is cut tenfold (default: ${SCHEDULE_DEFAULTS.plateauPatience})`,
    nonNegativeInt,
  )
  .option(
    '--early-stopping <patience>',
    'stop when the validation loss has not improved for PATIENCE epochs, and restore the best epoch weights',
    nonNegativeInt,
  )
  .option(
    '--augment',
    'shift gray training pictures by up to 2 pixels, or crop and flip colour ones, anew each epoch',
  )
  .option(
    '--save-best',
    'with --out DIR: also save the model of the epoch with the lowest validation loss to DIR/best',
  )
  .option('--out <dir>', 'save the model and training state there after every epoch and at the end')
  .option('--plot <file>', 'write the accuracy and loss curves to FILE.svg or FILE.png', plotPath)
  .option('--resume <dir>', 'continue the run saved in DIR (same settings; --epochs may add epochs)')
  .addOption(
    new Option(
      '--resume-from <which>',
      'the checkpoint of DIR to resume: newest, exact (the last epoch end) or interrupted (the Ctrl-C one) (default: newest)',
    ).choices(RESUME_CHOICES),
  )
  .addOption(jsonOption())
  .action(run((o: TrainOptions) => trainCommand(o)));

runOptions(
  modelDataOptimizerOptions(
    command(
      'lr-find',
      'sweep the learning rate over a few batches of a fresh model and plot the loss against it',
    ),
  ),
)
  .option(
    '--start-lr <x>',
    `the first lr (default: ${LR_FIND_DEFAULTS.startLr})`,
    positiveNumber,
    LR_FIND_DEFAULTS.startLr,
  )
  .option(
    '--end-lr <x>',
    `the last lr (default: ${LR_FIND_DEFAULTS.endLr})`,
    positiveNumber,
    LR_FIND_DEFAULTS.endLr,
  )
  .option(
    '--steps <n>',
    `batches in the sweep, one step at each lr (default: ${LR_FIND_DEFAULTS.steps})`,
    positiveInt,
    LR_FIND_DEFAULTS.steps,
  )
  .option('--plot <file>', 'write the loss against the lr to FILE.svg or FILE.png', plotPath)
  .addOption(jsonOption())
  .action(run((o: LrFindOptions) => lrFindCommand(o)));

command('eval', 'evaluate a trained model on a test set: accuracy, loss, confusion matrix, precision/recall')
  .requiredOption('--model <dir>', 'folder written by train --out')
  .addOption(datasetOption('data set (default: the one the model was trained on)'))
  .option(
    '--data <dir|file.csv>',
    'all of your own pictures or table, read as the model was trained to (default: the test part of its train --data)',
  )
  .option('--target <column>', 'with --data FILE.csv: the column holding the classes (default: as trained)')
  .option('--limit <n>', 'use only the first ceil(N/6) test samples, as train --limit does', positiveInt)
  .addOption(backendOption())
  .addOption(threadsOption())
  .addOption(jsonOption())
  .action(run((o: EvalOptions) => evalCommand(o)));

command('predict', 'classify pictures (digits, or as the model was trained with --data) or CSV rows')
  .argument('[images...]', 'PNG, JPEG or PGM files')
  .requiredOption('--model <dir>', 'folder written by train --out')
  .option('--csv <file>', 'classify the rows of a CSV file (a model trained with --data FILE.csv)')
  .addOption(backendOption())
  .addOption(jsonOption())
  .action(run((images: string[], o: PredictOptions) => predictCommand(images, o)));

command('summary', 'print the layers, output shapes and parameter counts of a model')
  .requiredOption(
    '--model <preset|dir|model.json>',
    'preset name, folder written by train --out, or a model.json',
  )
  .addOption(datasetOption("data set giving the input shape (default: the model's own, else mnist)"))
  .action(run((o: SummaryOptions) => summaryCommand(o)));

command(
  'find-conv',
  "plan LAYERS square stride-1 convolutions taking IN x IN to OUT x OUT (the seeds' find_conv)",
)
  .argument('<in>', 'input size', positiveInt)
  .argument('<out>', 'output size', positiveInt)
  .argument('<layers>', 'number of convolutions', positiveInt)
  .action(
    run((inputSize: number, outputSize: number, layers: number) =>
      findConvCommand(inputSize, outputSize, layers),
    ),
  );

command('gradcheck', "check every layer's gradients against finite differences in float64")
  .option('--layer <name>', 'check only this layer kind (e.g. Conv2d)')
  .addOption(backendOption())
  .addOption(jsonOption())
  .action(run((o: GradcheckOptions) => gradcheckCommand(o)));

command('bench', 'quick in-process benchmark of the active backend (js side by side)')
  .addArgument(new Argument('<target>', 'what to time').choices(BENCH_TARGETS))
  .addOption(backendOption())
  .addOption(threadsOption())
  .option('--samples <n>', 'MNIST samples for bench mnist (default: 256)', positiveInt)
  .addOption(jsonOption())
  .action(run((target: BenchTarget, o: BenchOptions) => benchCommand(target, o)));

command('doctor', 'show Node, platform, backends, threads and where the data sets are')
  .option('--explain', 'also show the backend, algorithm and threads of every layer of --model')
  .option('--model <preset|dir|model.json>', 'the model --explain describes (default: lenet)')
  .option('--batch-size <n>', 'the batch --explain plans for (default: 64)', positiveInt)
  .addOption(backendOption())
  .addOption(threadsOption())
  .addOption(jsonOption())
  .action(run((o: DoctorOptions) => doctorCommand(o)));

command('export', 'write a saved model as an ONNX file')
  .requiredOption('--model <dir>', 'folder written by train --out (or import)')
  .addOption(new Option('--format <format>', 'file format').choices(['onnx']).makeOptionMandatory())
  .requiredOption('--out <file>', 'the ONNX file to write')
  .option('--opset <n>', 'ONNX operator set, 17 to 21 (default: 17)', positiveInt)
  .option('--static-batch', 'fix the batch size to 1 instead of leaving it free')
  .action(run((o: ExportOptions) => exportCommand(o)));

command('import', 'turn an ONNX file into a model folder that eval, predict, summary and train --resume use')
  .argument('<file>', 'the ONNX file')
  .requiredOption('--out <dir>', 'the model folder to write')
  .addOption(datasetOption('data set the model is for (default: mnist)'))
  .option('--limit <n>', 'fine-tune (train --resume) on the first N training samples', positiveInt)
  .action(run((file: string, o: ImportOptions) => importCommand(file, o)));

// Model folders made by import may hold the ONNX package's layers (OnnxReshape, Scale, Shift).
registerOnnxLayers();
exitQuietlyOnBrokenPipe();
const argv = process.argv.slice(2);
try {
  await program.parseAsync(argv, { from: 'user' });
} catch (error) {
  const name = argv.find((a) => program.commands.some((c) => c.name() === a));
  process.exitCode = reportError(error, name, argv.includes('--verbose'));
}
