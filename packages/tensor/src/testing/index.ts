// Slow, obviously-correct direct-loop references used by the tests of every backend.
export * from './reference-kernels';
export * from './random-cases';
