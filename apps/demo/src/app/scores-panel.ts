import { renderConfusion } from '../ui/confusion-table';
import { DigitGrid } from '../ui/digit-grid';
import type { Scores } from '../worker/protocol';
import { byId, percent } from './elements';

/** The test-digit grid and the confusion matrix, captioned with what they were computed on. */
export class ScoresPanel {
  private readonly grid = new DigitGrid(byId('digit-grid', HTMLElement));

  setDigits(images: Float32Array, labels: Uint8Array): void {
    this.grid.setDigits(images, labels);
  }

  show(scores: Scores, caption: string): void {
    const wrong = this.grid.setPredictions(scores.gridPredictions);
    byId('grid-caption', HTMLElement).textContent =
      `${caption}: ${wrong} of the first ${scores.gridPredictions.length} test digits wrong (outlined in red).`;
    renderConfusion(byId('confusion', HTMLElement), scores.confusion);
    byId('confusion-caption', HTMLElement).textContent =
      `${caption}, accuracy ${percent(scores.accuracy)}. Rows: true digit, columns: predicted.`;
  }
}
