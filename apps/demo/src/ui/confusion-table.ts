/** counts[true][predicted] as a table, cells shaded by their share of the row (diagonal green, rest red). */
export function renderConfusion(container: HTMLElement, counts: number[][]): void {
  const table = document.createElement('table');
  const head = table.createTHead().insertRow();
  const corner = document.createElement('th');
  const abbr = Object.assign(document.createElement('abbr'), {
    title: 'rows: true digit, columns: predicted digit',
  });
  abbr.textContent = 't\\p';
  corner.append(abbr);
  corner.scope = 'col';
  head.append(corner);
  counts.forEach((_, c) => {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = String(c);
    head.append(th);
  });
  const body = table.createTBody();
  counts.forEach((row, t) => {
    const tr = body.insertRow();
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = String(t);
    tr.append(th);
    const total = row.reduce((a, b) => a + b, 0) || 1;
    row.forEach((count, p) => {
      const td = tr.insertCell();
      td.textContent = String(count);
      const share = count / total;
      const hue = t === p ? '21 128 61' : '220 38 38';
      const alpha = t === p ? share : Math.min(1, share * 4);
      td.style.background = `rgb(${hue} / ${alpha.toFixed(3)})`;
      if (t === p && share > 0.6) td.style.color = 'white';
    });
  });
  container.replaceChildren(table);
}
