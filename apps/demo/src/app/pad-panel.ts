import { classify, type PageModel } from '../model/page-model';
import { type PadPixels, padDigit } from '../preprocess/pad-digit';
import { DrawPad } from '../ui/draw-pad';
import { paintValues } from '../ui/gray-canvas';
import { ProbBars } from '../ui/prob-bars';

export interface PadPanelElements {
  pad: HTMLCanvasElement;
  preview: HTMLCanvasElement;
  clear: HTMLButtonElement;
  prediction: HTMLElement;
  bars: HTMLOListElement;
}

/** The drawing pad, its 28 x 28 preview, and the current model's class probabilities for it. */
export class PadPanel {
  private readonly bars: ProbBars;
  private readonly pad: DrawPad;
  private model: { model: PageModel; label: string } | undefined;
  /** The preprocessed drawing, or undefined while the pad is blank. */
  image: Float32Array | undefined;

  constructor(
    private readonly els: PadPanelElements,
    private readonly onImage: () => void,
  ) {
    this.bars = new ProbBars(els.bars);
    this.pad = new DrawPad(els.pad, (drawing) => this.drawn(drawing));
    els.clear.addEventListener('click', () => this.pad.clear());
  }

  setModel(model: PageModel | undefined, label: string): void {
    this.model = model && { model, label };
    this.predict();
  }

  private drawn(drawing: PadPixels): void {
    this.image = padDigit(drawing);
    paintValues(this.els.preview, this.image ?? new Float32Array(28 * 28), 28, 28);
    this.predict();
    this.onImage();
  }

  private predict(): void {
    const { prediction } = this.els;
    if (!this.model || !this.image) {
      this.bars.update(undefined);
      prediction.textContent = this.model
        ? 'Draw a digit on the black pad.'
        : 'Train or load a model, then draw.';
      delete prediction.dataset.digit;
      return;
    }
    try {
      const probabilities = classify(this.model.model, this.image);
      const digit = probabilities.indexOf(Math.max(...probabilities));
      this.bars.update(probabilities);
      prediction.dataset.digit = String(digit);
      prediction.textContent = `${this.model.label} says ${digit} (${(100 * probabilities[digit]).toFixed(1)}%)`;
    } catch (error) {
      this.bars.update(undefined);
      delete prediction.dataset.digit;
      prediction.textContent = `Cannot classify: ${(error as Error).message}`;
    }
  }
}
