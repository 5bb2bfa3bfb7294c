import { gradcheck } from '@scratchnet/layers';
import { formatShape, getBackend } from '@scratchnet/tensor';
import { UsageError } from '../lib/errors';
import { table } from '../lib/format';
import { GRADCHECK_CASES, gradcheckInput } from '../lib/gradcheck-cases';
import { type BackendOption, setupBackend } from '../lib/native-backend';
import { printJson, say } from '../lib/output';

export interface GradcheckOptions {
  layer?: string;
  backend?: BackendOption;
  json?: boolean;
}

const sci = (n: number) => n.toExponential(2);

/** Finite-difference checks (float64) of every layer kind, or of --layer NAME; exit 1 when one fails. */
export async function gradcheckCommand(o: GradcheckOptions): Promise<number> {
  await setupBackend(o.backend);
  const cases = o.layer
    ? GRADCHECK_CASES.filter((c) => c.kind.toLowerCase() === o.layer?.toLowerCase())
    : GRADCHECK_CASES;
  if (cases.length === 0) {
    throw new UsageError(
      `--layer ${o.layer}: unknown layer; choose one of ${GRADCHECK_CASES.map((c) => c.kind).join(', ')}`,
    );
  }
  say(
    `scratchnet gradcheck: central differences in float64 (eps 1e-6, pass when |a - n| <= 1e-8 + 1e-6 |n|), backend ${getBackend().name}`,
  );
  const rows = cases.map((c) => {
    const layer = c.make();
    const report = gradcheck(layer, gradcheckInput(c), {
      training: c.training,
      reset: c.reset && (() => c.reset?.(layer)),
    });
    const all = [report.input, ...Object.values(report.parameters)];
    const worstAbs = Math.max(...all.map((e) => e.maxAbsError));
    const worstRel = Math.max(...all.map((e) => e.maxRelError));
    return {
      layer: c.kind,
      input: formatShape(c.inputShape),
      parameters: Object.keys(report.parameters),
      worstAbs,
      worstRel,
      ok: report.ok,
    };
  });
  say(
    table([
      ['layer', 'input', 'parameters', 'max abs error', 'max rel error', 'result'],
      ...rows.map((r) => [
        r.layer,
        r.input,
        r.parameters.join(' ') || '-',
        sci(r.worstAbs),
        sci(r.worstRel),
        r.ok ? 'ok' : 'FAILED',
      ]),
    ]),
  );
  const failed = rows.filter((r) => !r.ok);
  say(
    failed.length === 0
      ? `all ${rows.length} passed`
      : `${failed.length} of ${rows.length} FAILED: ${failed.map((r) => r.layer).join(', ')}`,
  );
  if (o.json) printJson({ backend: getBackend().name, results: rows });
  return failed.length === 0 ? 0 : 1;
}
