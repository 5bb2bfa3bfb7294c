/** The element with this id, checked to be of the expected class. */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`demo page: #${id} is missing or not a ${type.name}`);
  return element;
}

export function setStatus(element: HTMLElement, state: string, text: string): void {
  element.dataset.state = state;
  element.textContent = text;
}

export const threadCount = (n: number) => (n === 1 ? '1 thread' : `${n} threads`);

export const percent = (fraction: number, digits = 1) => `${(100 * fraction).toFixed(digits)}%`;
