/**
 * scratchnet benchmark: conv2d forward / backward-input / backward-weight and matmul, GFLOP/s per
 * contender, measured side by side in one run, with ratios to a baseline contender.
 *
 *   node bench/run.mjs [--only wasm,tfjs-cpu] [--pass forward,backward-input,backward-weight,matmul]
 *                      [--shapes a,b] [--quick]
 *                      [--baseline tfjs-cpu] [--no-matmul] [--clock wall|cpu]
 *
 * --clock cpu times calls in process CPU time: steadier on a busy machine, but only valid when
 * every contender in the run is single-threaded (wasm, tfjs-cpu, tfjs-wasm in Node).
 *
 * Contenders are modules bench/contenders/<name>.mjs listed in CONTENDERS below; a missing module
 * or one whose available() says no is skipped with the reason. A module's default export is
 *   { name, available(): Promise<true | string>,        // true, or why it cannot run here
 *     maxMatmulSize?: number,                          // largest square matmul to time (default: all)
 *     matmul?(size): Promise<runFn>,                    // omitted: no matmul rows
 *     conv?(pass, shape): Promise<runFn | string> }     // a string: why this pass/shape is not run
 * where runFn() performs one complete call (results computed and readable) and may be async.
 * Inputs are built (and layouts converted) in matmul()/conv(), outside the timed region.
 */
import { conv2dFlops, resolveConv2dGeometry } from '@scratchnet/tensor';
import { CONV_SHAPES, convShapes, describeShape, MATMUL_SIZES, PASSES } from './shapes.mjs';
import { cpuClock, gflops, medianSeconds, QUICK, wallClock } from './timing.mjs';

/** Every contender the harness knows, in column order; add a name here and a file in contenders/. */
const CONTENDERS = ['wasm', 'wasm-threads', 'native', 'tfjs-cpu', 'tfjs-wasm', 'onnxruntime', 'numpy'];

function parseArgs(argv) {
  const args = { quick: false, matmul: true, baseline: 'tfjs-cpu', clock: 'wall' };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const list = () =>
      argv[++i]
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean) ?? [];
    if (flag === '--only') args.only = list();
    else if (flag === '--pass') args.passes = list();
    else if (flag === '--shapes') args.shapes = list();
    else if (flag === '--baseline') args.baseline = argv[++i];
    else if (flag === '--quick') args.quick = true;
    else if (flag === '--clock') args.clock = argv[++i];
    else if (flag === '--no-matmul') args.matmul = false;
    else throw new Error(`bench: unknown argument '${flag}' (see the top of bench/run.mjs)`);
  }
  if (args.clock !== 'wall' && args.clock !== 'cpu')
    throw new Error(`bench: --clock must be wall or cpu, got '${args.clock}'`);
  for (const pass of args.passes ?? []) {
    if (!PASSES.includes(pass) && pass !== 'matmul')
      throw new Error(`bench: unknown pass '${pass}' (${PASSES.join(', ')}, matmul)`);
  }
  return args;
}

async function loadContenders(names) {
  const loaded = [];
  for (const name of names) {
    let contender;
    try {
      contender = (await import(`./contenders/${name}.mjs`)).default;
    } catch (error) {
      const missing =
        error.code === 'ERR_MODULE_NOT_FOUND' && error.message.includes(`contenders/${name}.mjs`);
      console.log(
        `- ${name}: skipped (${missing ? `no bench/contenders/${name}.mjs` : `failed to load: ${error.message}`})`,
      );
      continue;
    }
    const ready = await contender.available().catch((error) => error.message);
    if (ready === true) {
      loaded.push(contender);
      console.log(`- ${name}: ready`);
    } else console.log(`- ${name}: skipped (${ready || 'not available'})`);
  }
  return loaded;
}

/** Times one cell; returns GFLOP/s or a string explaining why there is no number. */
async function measureCell(make, flops, timing, clock) {
  try {
    const run = await make();
    if (typeof run === 'string') return run;
    return gflops(flops, await medianSeconds(run, timing, clock));
  } catch (error) {
    return `error: ${error.message.split('\n')[0]}`;
  }
}

const cellText = (v) => (typeof v === 'number' ? v.toFixed(2) : v);

function printTable(title, rowLabels, contenders, cells, baseline) {
  const others = contenders.filter((c) => c.name !== baseline);
  const hasBaseline = contenders.some((c) => c.name === baseline);
  const header = [
    '',
    ...contenders.map((c) => c.name),
    ...(hasBaseline ? others.map((c) => `${c.name}/${baseline}`) : []),
  ];
  const rows = rowLabels.map((label, r) => {
    const values = cells[r];
    const ratios = hasBaseline
      ? others.map((c) => {
          const v = values[c.name];
          const base = values[baseline];
          return typeof v === 'number' && typeof base === 'number' ? `${(v / base).toFixed(1)}x` : '-';
        })
      : [];
    return [label, ...contenders.map((c) => cellText(values[c.name])), ...ratios];
  });
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => String(row[i]).length)));
  const line = (row) => `| ${row.map((v, i) => String(v).padEnd(widths[i])).join(' | ')} |`;
  console.log(`\n${title} (GFLOP/s, median; higher is better)`);
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const timing = args.quick ? QUICK : undefined;
  const clock = args.clock === 'cpu' ? cpuClock : wallClock;
  const names = args.only ? CONTENDERS.filter((n) => args.only.includes(n)) : CONTENDERS;
  for (const n of args.only ?? [])
    if (!CONTENDERS.includes(n)) console.log(`- ${n}: not in CONTENDERS (bench/run.mjs)`);
  console.log(
    `scratchnet bench — node ${process.version}, ${args.clock} clock${args.quick ? ', quick' : ''}; ratios against ${args.baseline}`,
  );
  console.log(
    'conv GFLOP/s count the direct algorithm: 2·N·K·C·kH·kW·outH·outW per pass, whatever a contender computes',
  );
  const contenders = await loadContenders(names);
  const passes = args.passes ?? [...PASSES, ...(args.matmul ? ['matmul'] : [])];
  const shapes = args.shapes ? CONV_SHAPES.filter((s) => args.shapes.includes(s.id)) : CONV_SHAPES;

  for (const pass of PASSES.filter((p) => passes.includes(p))) {
    const cells = [];
    for (const shape of shapes) {
      const { input, weight } = convShapes(shape);
      const flops = conv2dFlops(resolveConv2dGeometry(input, weight, { padding: shape.padding }));
      const row = {};
      for (const c of contenders) {
        row[c.name] = c.conv ? await measureCell(() => c.conv(pass, shape), flops, timing, clock) : 'n/a';
      }
      cells.push(row);
    }
    printTable(`conv2d ${pass}`, shapes.map(describeShape), contenders, cells, args.baseline);
  }

  if (passes.includes('matmul')) {
    const sizes = args.quick ? MATMUL_SIZES.slice(0, 2) : MATMUL_SIZES;
    const cells = [];
    for (const size of sizes) {
      const row = {};
      for (const c of contenders) {
        if (!c.matmul) row[c.name] = 'n/a';
        else if (size > (c.maxMatmulSize ?? Number.POSITIVE_INFINITY)) row[c.name] = 'skipped';
        else row[c.name] = await measureCell(() => c.matmul(size), 2 * size ** 3, timing, clock);
      }
      cells.push(row);
    }
    printTable(
      'matmul float32 (square)',
      sizes.map((s) => `${s}x${s}x${s}`),
      contenders,
      cells,
      args.baseline,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
