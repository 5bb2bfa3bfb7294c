import type { DType } from '../dtype';
import { jsBackend } from './js';
import { readBackendEnv } from './node-env';
import type { AllKernels, KernelBackend, KernelName, KernelPlanInfo, PlanRequest } from './types';

export type BackendChoice = string | 'auto';

/** What 'auto' picks: the first of these that is registered. */
const AUTO_ORDER = ['native', 'wasm', 'js'];

/** The package that registers each optional backend when imported. */
const BACKEND_PACKAGES: Record<string, string> = {
  native: '@scratchnet/conv-native',
  wasm: '@scratchnet/backend-wasm',
};

interface RegistryState {
  backends: Map<string, KernelBackend>;
  /** Why a backend that was tried could not be registered (e.g. the native binary did not load). */
  failures: Map<string, string[]>;
  choice: BackendChoice | undefined;
}

// One registry per process even when two copies of this package are loaded (e.g. ESM and CJS).
const REGISTRY_KEY = Symbol.for('scratchnet.tensor.backend-registry.v1');

function state(): RegistryState {
  const holder = globalThis as unknown as Record<symbol, RegistryState | undefined>;
  let registry = holder[REGISTRY_KEY];
  if (!registry) {
    registry = { backends: new Map([['js', jsBackend]]), failures: new Map(), choice: undefined };
    holder[REGISTRY_KEY] = registry;
  }
  return registry;
}

export function registerBackend(backend: KernelBackend): void {
  if (!backend || typeof backend.name !== 'string' || backend.name.length === 0) {
    throw new Error('registerBackend: a backend needs a non-empty string name');
  }
  if (backend.name === 'auto')
    throw new Error("registerBackend: 'auto' is reserved and cannot name a backend");
  if (backend.apiVersion !== 1) {
    throw new Error(
      `registerBackend: backend '${backend.name}' implements kernel API version ${String(backend.apiVersion)}, this tensor package speaks version 1`,
    );
  }
  const registry = state();
  registry.backends.set(backend.name, backend);
  registry.failures.delete(backend.name);
}

/** Records why a backend could not be registered, so that asking for it later says why. */
export function reportBackendFailure(name: string, reasons: string[]): void {
  state().failures.set(name, [...reasons]);
}

export function listBackends(): string[] {
  return [...state().backends.keys()];
}

function unavailableError(name: string, source: string): Error {
  const registry = state();
  const failures = registry.failures.get(name);
  const registered = listBackends().join(', ');
  if (failures && failures.length > 0) {
    return new Error(
      `${source}: backend '${name}' could not be loaded:\n${failures.map((f) => `  - ${f}`).join('\n')}\nregistered backends: ${registered}`,
    );
  }
  const pkg = BACKEND_PACKAGES[name];
  const hint = pkg ? ` (install '${pkg}' and import it to register it)` : '';
  return new Error(`${source}: unknown backend '${name}'${hint}; registered backends: ${registered}`);
}

/** Chooses the backend by name, or 'auto' (native when registered, else wasm when registered, else js). */
export function setBackend(choice: BackendChoice): void {
  if (typeof choice !== 'string')
    throw new Error(`setBackend: expected a backend name, got ${String(choice)}`);
  if (choice !== 'auto' && !state().backends.has(choice)) throw unavailableError(choice, 'setBackend');
  state().choice = choice;
}

function resolveName(): string {
  const registry = state();
  // Read only without a setBackend choice: process.env is slow to read, and this runs per kernel call.
  const choice = registry.choice ?? (readBackendEnv() || 'auto');
  if (choice === 'auto') return AUTO_ORDER.find((name) => registry.backends.has(name)) ?? 'js';
  if (!registry.backends.has(choice)) {
    throw unavailableError(choice, registry.choice ? 'setBackend' : `SCRATCHNET_BACKEND=${choice}`);
  }
  return choice;
}

/** The active backend. */
export function getBackend(): KernelBackend {
  const backend = state().backends.get(resolveName());
  if (!backend)
    throw new Error("getBackend: the 'js' backend is not registered; this is a bug in @scratchnet/tensor");
  return backend;
}

/** The backend that runs a kernel: the active one when it has it for this dtype, else `js`. */
function servingBackend(name: KernelName, dtype: DType): KernelBackend & Partial<AllKernels> {
  const active = getBackend();
  if (active[name] && active.dtypes.includes(dtype)) return active;
  const js = state().backends.get('js');
  if (!js)
    throw new Error("getKernel: the 'js' backend is not registered; this is a bug in @scratchnet/tensor");
  return js;
}

/** The kernel to run: the active backend's when it has it for this dtype, else the `js` one. */
export function getKernel<K extends KernelName>(name: K, dtype: DType): AllKernels[K] {
  const backend = servingBackend(name, dtype);
  const kernel = backend[name] as (...args: unknown[]) => void;
  return kernel.bind(backend) as AllKernels[K];
}

/** Which backend would run a kernel call now, and what its planner would choose. */
export function explainKernel(request: PlanRequest): { backend: string } & KernelPlanInfo {
  const backend = servingBackend(request.kernel, request.dtype);
  const plan = backend.plan?.(request) ?? { algorithm: 'not reported', threads: backend.getThreads?.() ?? 1 };
  return { backend: backend.name, ...plan };
}

/** A kernel call to explain, with a label to report it by (e.g. the layer it belongs to). */
export type LabelledPlanRequest = PlanRequest & { label: string };

export interface BackendInfo {
  active: string;
  choice: string;
  choiceSource: 'setBackend' | 'SCRATCHNET_BACKEND' | 'default';
  registered: string[];
  unavailable: Record<string, string[]>;
  details: Record<string, Record<string, string | number | boolean>>;
  /** For each call asked about: the backend that would run it, its algorithm and its threads. */
  plans: Array<{ label: string; kernel: PlanRequest['kernel']; backend: string } & KernelPlanInfo>;
}

/**
 * Which backend is active, why, and why any other could not load; with `requests`, also how each
 * of those kernel calls would run (see explainKernel).
 */
export function backendInfo(requests: readonly LabelledPlanRequest[] = []): BackendInfo {
  const registry = state();
  const envChoice = readBackendEnv();
  const details: BackendInfo['details'] = {};
  for (const [name, backend] of registry.backends) details[name] = backend.describe?.() ?? {};
  let active: string;
  try {
    active = resolveName();
  } catch (error) {
    active = `none (${(error as Error).message.split('\n')[0]})`;
  }
  return {
    active,
    choice: registry.choice ?? (envChoice || 'auto'),
    choiceSource: registry.choice ? 'setBackend' : envChoice ? 'SCRATCHNET_BACKEND' : 'default',
    registered: listBackends(),
    unavailable: Object.fromEntries(registry.failures),
    details,
    plans: requests.map((r) => ({ label: r.label, kernel: r.kernel, ...explainKernel(r) })),
  };
}

/**
 * Runs the active backend's kernels on `n` threads (the CLI's --threads). A backend without thread
 * control runs on one thread: asking it for more is an error that says so.
 */
export async function setThreads(n: number): Promise<void> {
  const backend = getBackend();
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`setThreads: n must be an integer >= 1, got ${String(n)}`);
  }
  if (backend.setThreads) return backend.setThreads(n);
  if (n !== 1) {
    throw new Error(
      `setThreads(${n}): backend '${backend.name}' runs on one thread; threads come with 'wasm' and 'native'`,
    );
  }
}

/** How many threads the active backend's kernels run on. */
export function getThreads(): number {
  return getBackend().getThreads?.() ?? 1;
}
