import { availableParallelism } from 'node:os';
import { DATA_DIR_ENV, loadFashionMnist, loadMnist } from '@scratchnet/datasets/node';
import { backendInfo } from '@scratchnet/tensor';
import { loadNative } from '../lib/native-backend';
import { printJson, say } from '../lib/output';

export interface DoctorOptions {
  json?: boolean;
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

const indent = (text: string) => text.replace(/\n/g, '\n    ');

/** Everything worth knowing when training is slow or does not start. */
export async function doctorCommand(o: DoctorOptions): Promise<number> {
  const native = await loadNative();
  const info = backendInfo();
  const threads = native.available ? native.module?.getNumThreads() : undefined;
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
    threads: { native: threads, env: process.env.SCRATCHNET_NUM_THREADS ?? null },
    datasets: {
      dataDirEnv: process.env[DATA_DIR_ENV] ?? null,
      mnist: locate(loadMnist),
      fashionMnist: locate(loadFashionMnist),
    },
  };
  const why = {
    setBackend: 'chosen with --backend',
    SCRATCHNET_BACKEND: 'from $SCRATCHNET_BACKEND',
    default: 'default: native when it loads, else js',
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
    `threads   ${threads === undefined ? 'n/a (js runs on one thread)' : threads} (SCRATCHNET_NUM_THREADS=${report.threads.env ?? 'unset'})`,
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
  if (o.json) printJson(report);
  return 0;
}
