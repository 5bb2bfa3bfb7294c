// Slow, obviously-correct direct-loop references used by the tests of every backend, and helpers
// for tests that touch the global generator.

export * from './random-cases';
export * from './reference-kernels';
export * from './with-manual-seed';
