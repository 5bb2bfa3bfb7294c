import type { BatchLog, Callback } from '@scratchnet/train';
import { EXIT_INTERRUPTED } from './errors';

export interface Interrupt {
  callback: Callback;
  /** The batch after which training stopped, once Ctrl-C was pressed. */
  readonly stoppedAt: BatchLog | undefined;
  dispose(): void;
}

/**
 * The first Ctrl-C asks fit to stop after the current batch (fit yields to the event loop between
 * batches, so the signal is seen); a second one quits at once.
 */
export function stopOnCtrlC(notify: (message: string) => void): Interrupt {
  let requested = false;
  let stoppedAt: BatchLog | undefined;
  const onSignal = () => {
    if (requested) process.exit(EXIT_INTERRUPTED);
    requested = true;
    notify(
      '\nCtrl-C: stopping after this batch and saving a checkpoint (press Ctrl-C again to quit at once)',
    );
  };
  process.on('SIGINT', onSignal);
  return {
    callback: {
      onBatchEnd(log, context) {
        if (!requested || stoppedAt) return;
        stoppedAt = { ...log };
        context.stop('interrupted (Ctrl-C)');
      },
    },
    get stoppedAt() {
      return stoppedAt;
    },
    dispose: () => process.off('SIGINT', onSignal),
  };
}
