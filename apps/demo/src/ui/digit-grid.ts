import { paintValues } from './gray-canvas';

const PIXELS = 28 * 28;

/** The first test digits, each captioned with the model's prediction; wrong ones get class "wrong". */
export class DigitGrid {
  private labels: Uint8Array = new Uint8Array(0);
  private cells: HTMLElement[] = [];

  constructor(private readonly container: HTMLElement) {}

  setDigits(images: Float32Array, labels: Uint8Array): void {
    this.labels = labels;
    this.cells = Array.from(labels, (label, i) => {
      const figure = document.createElement('figure');
      figure.className = 'digit';
      const canvas = document.createElement('canvas');
      paintValues(canvas, images.subarray(i * PIXELS, (i + 1) * PIXELS), 28, 28);
      canvas.setAttribute('aria-hidden', 'true');
      const caption = document.createElement('figcaption');
      caption.textContent = '?';
      figure.title = `A ${label}`;
      figure.append(canvas, caption);
      return figure;
    });
    this.container.replaceChildren(...this.cells);
  }

  /** Shows predictions; returns how many were wrong. */
  setPredictions(predictions: ArrayLike<number>): number {
    let wrong = 0;
    this.cells.forEach((cell, i) => {
      const predicted = predictions[i];
      const label = this.labels[i];
      const isWrong = predicted !== label;
      if (isWrong) wrong++;
      cell.classList.toggle('wrong', isWrong);
      cell.querySelector('figcaption')!.textContent = isWrong ? `${predicted} ✗` : `${predicted}`;
      cell.title = isWrong
        ? `A ${label}, predicted ${predicted} (wrong)`
        : `A ${label}, predicted ${predicted}`;
    });
    return wrong;
  }
}
