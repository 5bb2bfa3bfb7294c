/** What the page knows about running the wasm backend on two threads. */
export interface ThreadsSupport {
  /** `crossOriginIsolated`: without it browsers withhold SharedArrayBuffer, and threads with it. */
  isolated: boolean;
  /** `navigator.hardwareConcurrency`. */
  cores: number;
}

export interface ThreadsChoice {
  /** Whether 2 threads can be chosen at all. */
  twoThreads: boolean;
  preselected: 1 | 2;
  /** Why the page preselects what it does (shown under the control). */
  note: string;
}

/** Two threads when the page is cross-origin isolated, preselected when there are two cores for them. */
export function threadsChoice({ isolated, cores }: ThreadsSupport): ThreadsChoice {
  if (!isolated) {
    return {
      twoThreads: false,
      preselected: 1,
      note:
        'Threads are unavailable: this page is not cross-origin isolated, so the browser withholds ' +
        'SharedArrayBuffer. Serve it with Cross-Origin-Opener-Policy: same-origin and ' +
        'Cross-Origin-Embedder-Policy: require-corp.',
    };
  }
  if (cores < 2) {
    return {
      twoThreads: true,
      preselected: 1,
      note: 'This device reports one core: two threads would only take turns, so 1 is preselected.',
    };
  }
  return {
    twoThreads: true,
    preselected: 2,
    note: `Two threads share the large convolutions and matrix products (${cores} cores here).`,
  };
}

/** Fills the threads control from what this browser reports. */
export function setUpThreadsControl(select: HTMLSelectElement, note: HTMLElement): void {
  const choice = threadsChoice({
    isolated: globalThis.crossOriginIsolated === true,
    cores: navigator.hardwareConcurrency || 1,
  });
  const two = select.querySelector<HTMLOptionElement>('option[value="2"]');
  if (two) two.disabled = !choice.twoThreads;
  select.value = String(choice.preselected);
  note.textContent = choice.note;
}
