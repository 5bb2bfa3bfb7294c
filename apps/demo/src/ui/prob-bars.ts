/** Ten bars, one per digit, with the probability as width and text; the top class is marked. */
export class ProbBars {
  private readonly rows: { li: HTMLLIElement; bar: HTMLElement; value: HTMLElement }[];

  constructor(list: HTMLOListElement) {
    this.rows = Array.from({ length: 10 }, (_, digit) => {
      const li = document.createElement('li');
      const name = document.createElement('span');
      name.textContent = String(digit);
      const track = document.createElement('div');
      const bar = document.createElement('div');
      bar.className = 'bar';
      track.append(bar);
      const value = document.createElement('span');
      value.className = 'prob';
      li.append(name, track, value);
      return { li, bar, value };
    });
    list.replaceChildren(...this.rows.map((r) => r.li));
  }

  update(probabilities: ArrayLike<number> | undefined): void {
    let top = -1;
    if (probabilities) {
      for (let i = 0; i < 10; i++) if (top < 0 || probabilities[i] > probabilities[top]) top = i;
    }
    this.rows.forEach((row, digit) => {
      const p = probabilities?.[digit];
      row.bar.style.width = p === undefined ? '0' : `${(100 * p).toFixed(1)}%`;
      row.value.textContent = p === undefined ? '' : `${(100 * p).toFixed(1)}%`;
      row.li.classList.toggle('top', digit === top);
      row.li.setAttribute(
        'aria-label',
        p === undefined ? `${digit}` : `${digit}: ${(100 * p).toFixed(1)} percent`,
      );
    });
  }
}
