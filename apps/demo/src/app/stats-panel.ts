import { byId, percent } from './elements';

const NAMES = ['step', 'speed', 'loss', 'accuracy', 'val-accuracy', 'test-accuracy'] as const;
type StatName = (typeof NAMES)[number];

/** The numbers under the training form and the progress bar. */
export class StatsPanel {
  private readonly progress = byId('train-progress', HTMLProgressElement);

  private stat(name: StatName): HTMLElement {
    return byId(`stat-${name}`, HTMLElement);
  }

  reset(): void {
    for (const name of NAMES) this.stat(name).textContent = '–';
    delete this.stat('test-accuracy').dataset.value;
    delete this.stat('test-accuracy').dataset.loss;
    this.progress.value = 0;
  }

  progressed(p: {
    step: number;
    totalSteps: number;
    epoch: number;
    loss: number;
    accuracy: number;
    samplesPerSecond: number;
  }): void {
    this.progress.value = p.step / p.totalSteps;
    this.stat('step').textContent = `${p.step} / ${p.totalSteps} (epoch ${p.epoch + 1})`;
    this.stat('speed').textContent = Math.round(p.samplesPerSecond).toLocaleString('en');
    this.stat('loss').textContent = p.loss.toFixed(3);
    this.stat('accuracy').textContent = percent(p.accuracy);
  }

  validated(accuracy: number): void {
    this.stat('val-accuracy').textContent = percent(accuracy);
  }

  /** The final test scores; the exact numbers are kept as data attributes (tests read them). */
  tested({ accuracy, loss }: { accuracy: number; loss: number }): void {
    this.progress.value = 1;
    const element = this.stat('test-accuracy');
    element.textContent = percent(accuracy);
    element.dataset.value = String(accuracy);
    element.dataset.loss = String(loss);
  }
}
