import { drawLineChart, type Series } from './line-chart';

const TRAIN = '#2563eb';
const VAL = '#c2410c';
const percent = (y: number) => `${Math.round(y * 100)}%`;

/** The loss and accuracy charts, train and validation, redrawn at most once per frame. */
export class Curves {
  private readonly loss: Series[] = [];
  private readonly accuracy: Series[] = [];
  private xMax = 1;
  private pending = false;

  constructor(
    private readonly lossCanvas: HTMLCanvasElement,
    private readonly accuracyCanvas: HTMLCanvasElement,
  ) {
    this.reset(1);
    new ResizeObserver(() => this.schedule()).observe(lossCanvas);
  }

  reset(totalSteps: number): void {
    this.xMax = totalSteps;
    const pair = (): Series[] => [
      { label: 'train', color: TRAIN, points: [] },
      { label: 'validation', color: VAL, points: [] },
    ];
    this.loss.splice(0, this.loss.length, ...pair());
    this.accuracy.splice(0, this.accuracy.length, ...pair());
    this.schedule();
  }

  addTrain(step: number, loss: number, accuracy: number): void {
    this.loss[0].points.push([step, loss]);
    this.accuracy[0].points.push([step, accuracy]);
    this.schedule();
  }

  addValidation(step: number, loss: number, accuracy: number): void {
    this.loss[1].points.push([step, loss]);
    this.accuracy[1].points.push([step, accuracy]);
    this.schedule();
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.draw();
    });
  }

  private draw(): void {
    const xMax = this.xMax;
    drawLineChart(this.lossCanvas, this.loss, { title: 'Loss', xMax, format: (y) => y.toFixed(2) });
    drawLineChart(this.accuracyCanvas, this.accuracy, {
      title: 'Accuracy',
      xMax,
      yRange: [0, 1],
      format: percent,
    });
    // Point counts for tests and curious readers: train points / validation points.
    for (const canvas of [this.lossCanvas, this.accuracyCanvas]) {
      canvas.dataset.trainPoints = String(this.loss[0].points.length);
      canvas.dataset.valPoints = String(this.loss[1].points.length);
    }
  }
}
