// Slow, obviously-correct direct-loop references used by the tests of every backend.

export * from './random-cases';
export * from './reference-kernels';
