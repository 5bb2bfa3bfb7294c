import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

export interface Registry {
  url: string;
  /** A token for a user created on the registry, for publishing. */
  token: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Our packages are served only from local storage (never proxied); everything else from upstream. */
function config(dir: string, upstream: string): string {
  return `storage: ${join(dir, 'storage')}
auth:
  htpasswd:
    file: ${join(dir, 'htpasswd')}
uplinks:
  upstream:
    url: ${upstream}
    timeout: 60s
packages:
  '@scratchnet/*':
    access: $all
    publish: $authenticated
  '**':
    access: $all
    publish: $authenticated
    proxy: upstream
log: { type: stdout, format: pretty, level: warn }
`;
}

async function waitUntilUp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited with ${child.exitCode} before serving`);
    try {
      if ((await fetch(`${url}/-/ping`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`verdaccio did not answer ${url}/-/ping within ${timeoutMs} ms`);
}

async function createUser(url: string): Promise<string> {
  const name = 'release-test';
  const response = await fetch(`${url}/-/user/org.couchdb.user:${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: 'release-test-password' }),
  });
  const body = (await response.json()) as { token?: string };
  if (!response.ok || !body.token)
    throw new Error(`verdaccio refused to add a user: ${JSON.stringify(body)}`);
  return body.token;
}

/** Stops the whole process group (verdaccio may fork), politely first. */
function stopper(child: ChildProcess): () => Promise<void> {
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const onExit = () => signalGroup('SIGKILL');
  process.once('exit', onExit);
  return async () => {
    process.off('exit', onExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    signalGroup('SIGTERM');
    const timer = setTimeout(() => signalGroup('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
}

/** Starts verdaccio on 127.0.0.1 with a free port; its config, storage and log live in `dir`. */
export async function startRegistry(dir: string, upstream: string): Promise<Registry> {
  mkdirSync(dir, { recursive: true });
  const configFile = join(dir, 'config.yaml');
  writeFileSync(configFile, config(dir, upstream));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const require = createRequire(import.meta.url);
  const bin = join(dirname(require.resolve('verdaccio/package.json')), 'bin', 'verdaccio');
  const child = spawn(process.execPath, [bin, '--config', configFile, '--listen', `127.0.0.1:${port}`], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(join(dir, 'verdaccio.log'));
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const stop = stopper(child);
  try {
    await waitUntilUp(url, child, 60_000);
    return { url, token: await createUser(url), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
