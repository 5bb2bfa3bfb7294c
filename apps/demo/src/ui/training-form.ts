import type { PresetName } from '@scratchnet/train';
import type { OptimizerName, TrainConfig } from '../worker/protocol';

function field<T extends HTMLInputElement | HTMLSelectElement>(form: HTMLFormElement, id: string): T {
  const element = form.querySelector<T>(`#${id}`);
  if (!element) throw new Error(`training form: no #${id}`);
  return element;
}

function integer(form: HTMLFormElement, id: string, min: number, max: number): number {
  const input = field(form, id);
  const value = Number(input.value);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(
      `${input.labels?.[0]?.textContent?.trim() ?? id} must be a whole number from ${min} to ${max}`,
    );
  }
  return value;
}

/** The run the form describes; throws a readable Error for a value out of range. */
export function readTrainConfig(form: HTMLFormElement): TrainConfig {
  const lr = Number(field<HTMLInputElement>(form, 'lr').value);
  if (!(lr > 0 && lr <= 1))
    throw new Error(`Learning rate must be in (0, 1], got ${field<HTMLInputElement>(form, 'lr').value}`);
  return {
    model: field<HTMLSelectElement>(form, 'model').value as PresetName,
    optimizer: field<HTMLSelectElement>(form, 'optimizer').value as OptimizerName,
    lr,
    batchSize: integer(form, 'batch-size', 1, 1024),
    epochs: integer(form, 'epochs', 1, 50),
    maxBatches: integer(form, 'max-batches', 1, 1_000_000),
    valEvery: integer(form, 'val-every', 1, 1_000_000),
    testImages: integer(form, 'test-images', 100, 10_000),
    seed: integer(form, 'seed', 0, 2 ** 31 - 1),
    threads: integer(form, 'threads', 1, 2),
  };
}

/** Locks the form's fields while a run is going (the Stop button is left to the caller). */
export function setFormLocked(form: HTMLFormElement, locked: boolean): void {
  for (const element of Array.from(form.elements)) {
    if (element.id !== 'stop-button') (element as HTMLInputElement).disabled = locked;
  }
}
