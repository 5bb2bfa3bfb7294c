// Run in a child process by loader.test.ts (with the environment under test): imports the built
// package through ESM or CJS and prints what the registry saw as JSON.
const format = process.argv[2];
const { createRequire } = await import('node:module');
const load = (name) => (format === 'cjs' ? createRequire(import.meta.url)(name) : import(name));
const tensor = await load('@scratchnet/tensor');
const native = await load(format === 'cjs' ? '../../dist/index.cjs' : '../../dist/index.js');
const autoInfo = tensor.backendInfo();
let setBackendError = null;
try {
  tensor.setBackend('native');
} catch (error) {
  setBackendError = error.message;
}
console.log(
  JSON.stringify({
    available: native.nativeAvailable(),
    loadErrors: native.nativeLoadErrors(),
    registered: tensor.listBackends(),
    autoInfo,
    info: tensor.backendInfo(),
    setBackendError,
  }),
);
