import { backendInfo, listBackends, setBackend } from '@scratchnet/tensor';
import { afterAll, beforeAll, describe } from 'vitest';

/**
 * Runs a describe block once per registered kernel backend: 'js' always, 'wasm' and 'native' as
 * well once their packages have been imported (the vitest setup file does), with no other change.
 */
export function describeEachBackend(title: string, body: (backend: string) => void): void {
  for (const backend of listBackends()) {
    describe(`${title} [${backend}]`, () => {
      let previous = 'auto';
      beforeAll(() => {
        previous = backendInfo().choice;
        setBackend(backend);
      });
      afterAll(() => setBackend(previous));
      body(backend);
    });
  }
}
