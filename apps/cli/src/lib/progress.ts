import type { BatchLog, Callback, EpochLog } from '@scratchnet/train';
import { clock, grouped, percent } from './format';

const BAR_WIDTH = 24;
/** Redraws at most this often (ms), so a fast model does not spend its time printing. */
const REDRAW_INTERVAL = 100;

export function progressBar(log: BatchLog, epochs: number): string {
  const done = log.batch + 1;
  const filled = Math.round((done / log.batches) * BAR_WIDTH);
  const rate = log.samples / Math.max(log.seconds, 1e-9);
  const eta = (log.seconds / done) * (log.batches - done);
  return (
    `epoch ${log.epoch + 1}/${epochs} |${'#'.repeat(filled)}${' '.repeat(BAR_WIDTH - filled)}| ${done}/${log.batches} ` +
    `loss ${log.epochLoss.toFixed(4)} acc ${percent(log.epochAccuracy)} ${grouped(rate)} samples/s ETA ${clock(eta)}`
  );
}

export function epochLine(log: EpochLog, epochs: number): string {
  const parts = [`loss ${log.loss.toFixed(4)}`, `accuracy ${percent(log.accuracy)}`];
  if (log.valLoss !== undefined) parts.push(`val loss ${log.valLoss.toFixed(4)}`);
  if (log.valAccuracy !== undefined) parts.push(`val accuracy ${percent(log.valAccuracy)}`);
  parts.push(`${log.seconds.toFixed(1)} s`, `${grouped(log.samplesPerSecond)} samples/s`);
  return `epoch ${log.epoch + 1}/${epochs}: ${parts.join(', ')}`;
}

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  /** Terminal width; the bar is cut to fit so that \r can redraw it. */
  columns?: number;
}

/**
 * On a terminal, a bar redrawn in place with \r during each epoch, replaced by the epoch's summary
 * line at its end; elsewhere (pipes, CI) only the summary line, once per epoch.
 */
export function progressCallback(stream: ProgressStream, epochs: number): Callback {
  let lastDraw = 0;
  return {
    onBatchEnd(log) {
      if (!stream.isTTY) return;
      const now = performance.now();
      if (now - lastDraw < REDRAW_INTERVAL && log.batch + 1 < log.batches) return;
      lastDraw = now;
      const bar = progressBar(log, epochs);
      stream.write(`\r${stream.columns ? bar.slice(0, stream.columns - 1) : bar}\x1b[K`);
    },
    onEpochEnd(log) {
      stream.write(`${stream.isTTY ? '\r\x1b[K' : ''}${epochLine(log, epochs)}\n`);
    },
  };
}
