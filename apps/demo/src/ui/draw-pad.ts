const STROKE = 20;
const KEY_STEP = 10;
const MOVES: Record<string, [number, number]> = {
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
};

interface Point {
  x: number;
  y: number;
}

/**
 * A black canvas to draw on in white with mouse, pen or touch (pointer events), or from the
 * keyboard (arrows move the pen, Space lifts/lowers it, Escape clears). Calls `onChange` with the
 * drawing's pixels at most once per frame.
 */
export class DrawPad {
  private readonly g: CanvasRenderingContext2D;
  private last: Point | undefined;
  private readonly pen = { x: 140, y: 140, down: false };
  private pending = false;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly onChange: (pixels: ImageData) => void,
  ) {
    const g = canvas.getContext('2d', { willReadFrequently: true });
    if (!g) throw new Error('DrawPad: the canvas has no 2D context');
    this.g = g;
    g.lineCap = 'round';
    g.lineJoin = 'round';
    this.clear();
    canvas.addEventListener('pointerdown', (e) => this.down(e));
    canvas.addEventListener('pointermove', (e) => this.move(e));
    for (const type of ['pointerup', 'pointercancel', 'lostpointercapture'] as const) {
      canvas.addEventListener(type, () => {
        this.last = undefined;
      });
    }
    canvas.addEventListener('keydown', (e) => this.key(e));
  }

  clear(): void {
    this.g.fillStyle = 'black';
    this.g.fillRect(0, 0, this.canvas.width, this.canvas.height);
    this.pen.down = false;
    this.changed();
  }

  private at(e: PointerEvent): Point {
    const rect = this.canvas.getBoundingClientRect();
    return {
      x: ((e.clientX - rect.left) * this.canvas.width) / rect.width,
      y: ((e.clientY - rect.top) * this.canvas.height) / rect.height,
    };
  }

  private down(e: PointerEvent): void {
    if (e.button !== 0) return;
    e.preventDefault();
    this.canvas.setPointerCapture(e.pointerId);
    const p = this.at(e);
    this.line(p, p);
    this.last = p;
  }

  private move(e: PointerEvent): void {
    if (!this.last) return;
    const events = e.getCoalescedEvents?.() ?? [];
    for (const each of events.length > 0 ? events : [e]) {
      const p = this.at(each);
      this.line(this.last, p);
      this.last = p;
    }
  }

  private key(e: KeyboardEvent): void {
    const move = MOVES[e.key];
    if (move) {
      const from = { x: this.pen.x, y: this.pen.y };
      const clamp = (v: number, size: number) => Math.max(0, Math.min(size, v));
      this.pen.x = clamp(this.pen.x + move[0] * KEY_STEP, this.canvas.width);
      this.pen.y = clamp(this.pen.y + move[1] * KEY_STEP, this.canvas.height);
      if (this.pen.down) this.line(from, this.pen);
    } else if (e.key === ' ' || e.key === 'Enter') {
      this.pen.down = !this.pen.down;
      if (this.pen.down) this.line(this.pen, this.pen);
    } else if (e.key === 'Escape' || e.key === 'Delete' || e.key === 'Backspace') {
      this.clear();
    } else {
      return;
    }
    e.preventDefault();
  }

  private line(from: Point, to: Point): void {
    this.g.strokeStyle = 'white';
    this.g.lineWidth = STROKE;
    this.g.beginPath();
    this.g.moveTo(from.x, from.y);
    this.g.lineTo(to.x, to.y);
    this.g.stroke();
    this.changed();
  }

  private changed(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.onChange(this.g.getImageData(0, 0, this.canvas.width, this.canvas.height));
    });
  }
}
