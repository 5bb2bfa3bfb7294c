import { availableParallelism } from 'node:os';
import { DATA_DIR_ENV, loadFashionMnist, loadMnist } from '@scratchnet/datasets/node';
import { backendInfo, formatShape, getThreads } from '@scratchnet/tensor';
import { DATASET_SHAPES } from '../lib/datasets';
import { explainModel } from '../lib/layer-plans';
import { buildModel } from '../lib/model-source';
import { type BackendOption, setupBackend } from '../lib/native-backend';
import { printJson, say } from '../lib/output';
import type { RunConfig } from '../lib/run-config';

export interface DoctorOptions {
  json?: boolean;
  /** Also say how each layer of this model (a preset or a saved model) would run. */
  explain?: boolean;
  model?: string;
  batchSize?: number;
  backend?: BackendOption;
  threads?: number;
}

/** glibc version, 'musl', or undefined off Linux. */
function libc(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)
    ?.header;
  return header?.glibcVersionRuntime ? `glibc ${header.glibcVersionRuntime}` : 'musl (no glibc found)';
}

/** Where a data set's test split was found, or the loader's error listing where it looked. */
function locate(load: typeof loadMnist): { found: boolean; where: string } {
  try {
    const set = load({ split: 'test', limit: 1 });
    return { found: true, where: `${set.files.images}, ${set.files.labels}` };
  } catch (error) {
    return { found: false, where: (error as Error).message };
  }
}

/** How each layer of the model would run: which backend, algorithm and threads for each kernel call. */
function explain(o: DoctorOptions) {
  const model = o.model ?? 'lenet';
  const batch = o.batchSize ?? 64;
  const built = buildModel(model, DATASET_SHAPES.mnist, 0);
  const saved = (built.info.run as Partial<RunConfig> | undefined)?.dataset ?? 'mnist';
  const { model: layers } = saved === 'mnist' ? built : buildModel(model, DATASET_SHAPES[saved], 0);
  const input = [batch, ...DATASET_SHAPES[saved].sampleShape];
  const { plans, text } = explainModel(layers, built.name, input);
  return {
    plans,
    text: `plans     ${built.name}, a batch of ${formatShape(input)}:
${indentBlock(text)}`,
  };
}

const indentBlock = (text: string) => text.replace(/^/gm, '    ');

const indent = (text: string) => text.replace(/\n/g, '\n    ');

/** Everything worth knowing when training is slow or does not start. */
export async function doctorCommand(o: DoctorOptions): Promise<number> {
  const native = await setupBackend(o.backend, o.threads);
  const info = backendInfo();
  const nativeThreads = native.available ? native.module?.getNumThreads() : undefined;
  const report = {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    libc: libc(),
    cpus: availableParallelism(),
    backends: {
      registered: info.registered,
      active: info.active,
      choice: info.choice,
      choiceSource: info.choiceSource,
      details: info.details,
    },
    native: { available: native.available, errors: native.errors },
    threads: { active: getThreads(), native: nativeThreads, env: process.env.SCRATCHNET_NUM_THREADS ?? null },
    datasets: {
      dataDirEnv: process.env[DATA_DIR_ENV] ?? null,
      mnist: locate(loadMnist),
      fashionMnist: locate(loadFashionMnist),
    },
  };
  const why = {
    setBackend: 'chosen with --backend',
    SCRATCHNET_BACKEND: 'from $SCRATCHNET_BACKEND',
    default: 'default: native when it loads, else wasm',
  }[info.choiceSource];
  say(
    `node      ${report.node} on ${report.platform}-${report.arch}${report.libc ? ` (${report.libc})` : ''}, ${report.cpus} CPUs`,
  );
  say(
    `backends  registered: ${info.registered.join(', ')}; active: ${info.active} (choice ${info.choice}, ${why})`,
  );
  for (const [name, details] of Object.entries(info.details)) {
    const text = Object.entries(details)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    if (text) say(`          ${name}: ${text}`);
  }
  say(
    native.available
      ? 'native    loaded'
      : `native    not loaded:\n${native.errors.map((e) => `    - ${indent(e)}`).join('\n')}`,
  );
  say(
    `threads   ${report.threads.active} on ${info.active} (native pool: ${nativeThreads ?? 'n/a'}, SCRATCHNET_NUM_THREADS=${report.threads.env ?? 'unset'})`,
  );
  say(`data      ${DATA_DIR_ENV}=${report.datasets.dataDirEnv ?? 'unset'}`);
  for (const [name, place] of [
    ['mnist', report.datasets.mnist],
    ['fashion-mnist', report.datasets.fashionMnist],
  ] as const) {
    say(
      `  ${name.padEnd(14)}${place.found ? `found: ${place.where}` : `not found:\n    ${indent(place.where)}`}`,
    );
  }
  const explained = o.explain ? explain(o) : undefined;
  if (explained) say(explained.text);
  if (o.json) printJson(explained ? { ...report, plans: explained.plans } : report);
  return 0;
}
