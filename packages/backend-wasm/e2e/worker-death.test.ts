import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ask, Death, OwnerAnswer, OwnerCommand } from './harness/protocol';

/*
 * The browser's half of the pool's death watch, in headless Chromium: a job worker that ends in
 * the middle of a job must fail the call (the caller blocks in Atomics.wait, so nothing else can),
 * and the pool must come back. Node's half is in src/threads/thread-pool.test.ts.
 */

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const missing = existsSync(CHROMIUM)
  ? undefined
  : `Chromium not found at ${CHROMIUM} (scripts/install-chromium.sh installs it, or set CHROMIUM_PATH): the browser test of the wasm pool's worker death is skipped`;
if (missing) console.warn(missing);

/** Long enough for a loaded machine of 2 shared cores, short enough that a hang fails fast. */
const ANSWER_MS = 5_000;
const REAL_WORKER = 'job-worker.js';
const DYING_WORKER = 'dying-job-worker.js';

const here = import.meta.dirname;
const PAGE = '<!doctype html><script type="module" src="page.js"></script>';

/** The harness bundled in memory: file name to contents. */
async function bundle(): Promise<Map<string, Uint8Array>> {
  const { outputFiles } = await build({
    entryPoints: {
      page: join(here, 'harness', 'page.ts'),
      owner: join(here, 'harness', 'owner.ts'),
      [basename(DYING_WORKER, '.js')]: join(here, 'harness', 'dying-job-worker.ts'),
      [basename(REAL_WORKER, '.js')]: join(here, '..', 'src', 'threads', 'web-worker-entry.ts'),
    },
    bundle: true,
    format: 'esm',
    target: 'es2022',
    // Imported (dynamically) only where the pool runs on Node's worker threads.
    external: ['node:worker_threads'],
    outdir: '/',
    write: false,
    logLevel: 'silent',
  });
  return new Map(outputFiles.map((file) => [basename(file.path), file.contents]));
}

/** Serves `files` (and the page) cross-origin isolated, as SharedArrayBuffer requires. */
async function serve(files: Map<string, Uint8Array>): Promise<Server> {
  const server = createServer((req, res) => {
    const name = new URL(req.url ?? '/', 'http://x').pathname.slice(1) || 'index.html';
    const body = name === 'index.html' ? PAGE : files.get(name);
    if (!body) return void res.writeHead(404).end();
    res
      .writeHead(200, {
        'Content-Type': name.endsWith('.html') ? 'text/html' : 'text/javascript',
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
      })
      .end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

let server: Server | undefined;
let browser: Browser | undefined;
let page: Page;
/** Where the page and the harness scripts are served. */
let origin: string;
/** The convolution's hash on one thread, which every pool must reproduce bit for bit. */
let alone: string;

const ask = (command: OwnerCommand): Promise<OwnerAnswer> =>
  page.evaluate(([c, ms]) => (globalThis as unknown as { ask: Ask }).ask(c, ms), [
    command,
    ANSWER_MS,
  ] as const);

async function setThreads(n: number, script: string, dying?: Death): Promise<void> {
  expect(await ask({ op: 'threads', n, script, dying })).toEqual({ op: 'threads', threads: n });
}

/** After a death: setThreads with the pool's size and script waits for the restart, whose pool then works. */
async function expectRestarted(script: string): Promise<void> {
  await setThreads(2, script);
  expect(await ask({ op: 'conv' })).toEqual({ op: 'conv', threads: 2, hash: alone });
  await setThreads(1, script);
}

describe.skipIf(missing)('the wasm pool in headless Chromium', { timeout: 20_000 }, () => {
  beforeAll(async () => {
    server = await serve(await bundle());
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage();
    await page.goto(origin);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const one = await ask({ op: 'conv' });
    expect(one).toMatchObject({ op: 'conv', threads: 1 });
    alone = (one as { hash: string }).hash;
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    server?.close();
  });

  it('runs a convolution on 2 threads as on 1, with the watcher waiting for the job worker to end', async () => {
    await setThreads(2, REAL_WORKER);
    // The owner, its job worker and the watcher (polled: workers of an earlier pool may still be ending).
    await expect
      .poll(() =>
        page
          .workers()
          .map((worker) => basename(new URL(worker.url()).pathname))
          .sort(),
      )
      .toEqual([REAL_WORKER, REAL_WORKER, 'owner.js']);
    // The job worker holds its life lock, and the watcher's request for it waits.
    const life = expect.stringMatching(/\/worker-1$/);
    expect(await ask({ op: 'locks' })).toEqual({ op: 'locks', held: [life], pending: [life] });
    expect(await ask({ op: 'conv' })).toEqual({ op: 'conv', threads: 2, hash: alone });
    await setThreads(1, REAL_WORKER);
  });

  it('fails the call whose job worker ends mid-job, within seconds, then restarts the pool', async () => {
    await setThreads(2, DYING_WORKER, 'at-first-job');
    expect(await ask({ op: 'conv' })).toEqual({
      op: 'error',
      error: expect.stringContaining(
        `wasm threads: worker 1 (${origin}${DYING_WORKER}) ended while the pool was running (the browser stopped it). The job's results are lost; the pool is restarting`,
      ),
    });
    await expectRestarted(DYING_WORKER);
  });

  it('fails the next call when a job worker ended while the pool was idle', async () => {
    await setThreads(2, DYING_WORKER, 'when-ready');
    // The watcher asked for the worker's lock before setThreads resolved; once that request has
    // been granted and let go, nothing holds or waits for any lock: the pool was marked broken
    // before the next job.
    await expect
      .poll(() => ask({ op: 'locks' }), { timeout: ANSWER_MS })
      .toEqual({ op: 'locks', held: [], pending: [] });
    expect(await ask({ op: 'conv' })).toEqual({
      op: 'error',
      error: expect.stringContaining(`worker 1 (${origin}${DYING_WORKER}) ended while the pool was running`),
    });
    await expectRestarted(DYING_WORKER);
  });
});
