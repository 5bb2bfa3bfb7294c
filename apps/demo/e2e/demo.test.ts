import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMnist } from '@scratchnet/datasets/node';
import { deserializeModel, evaluate } from '@scratchnet/train';
import type { BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium';
import { exportCliModel, makeCliModel } from './cli-model';
import { type StaticServer, serveStatic } from './static-server';

const here = dirname(fileURLToPath(import.meta.url));
/** The threads run: LeNet trains at ~70 samples/s on one thread here, so 10 batches of 16 take seconds. */
const LENET_BATCHES = 10;
const LENET_BATCH = 16;
const dist = join(here, '..', 'dist');
const artifacts = join(here, 'artifacts');

let tmp: string;
let server: StaticServer;
let context: BrowserContext;
let page: Page;
let cliModel: { dir: string; json: string; weights: string };
const problems: string[] = [];
/** What the CLI's two-file model scored and said on the pad, for the same model loaded from ONNX. */
const fromCliFiles: { accuracy?: number; digit?: string | null } = {};
/** Why the page could not be set up (no build, no Chromium…): every test then fails with it, none is skipped. */
let setupError: unknown;

const shot = (name: string) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
const number = (selector: string, attribute: string) =>
  page.$eval(selector, (el, a) => Number((el as HTMLElement).dataset[a]), attribute);

async function setUp(): Promise<void> {
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(
      `${dist}/index.html is missing: build the demo first (pnpm --filter @scratchnet/demo build, or pnpm build)`,
    );
  }
  mkdirSync(artifacts, { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), 'scratchnet-demo-e2e-'));
  cliModel = await makeCliModel(join(tmp, 'cli-model'));
  server = await serveStatic(dist);
  context = await launchChromium(join(tmp, 'profile'));
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  await page.goto(server.url);
}

beforeAll(async () => {
  try {
    await setUp();
  } catch (error) {
    setupError = error;
  }
});

beforeEach(() => {
  if (setupError) throw setupError;
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the built demo in headless Chromium', () => {
  it('loads MNIST from its own files and trains an mlp in a worker above 80% accuracy', async () => {
    await page.waitForSelector('#train-status[data-state="ready"]', { timeout: 30_000 });
    expect(await page.textContent('#train-status')).toMatch(
      /11000 training, 1000 validation and 10000 test images/,
    );
    // The worker's wasm backend runs its WebAssembly SIMD kernels in Chromium, not the scalar fallback.
    expect(await page.textContent('#train-status')).toMatch(/kernels: WebAssembly f64x2/);
    await page.selectOption('#model', 'mlp');
    await page.selectOption('#optimizer', 'adam');
    await page.fill('#lr', '0.002');
    await page.fill('#batch-size', '64');
    await page.fill('#epochs', '2');
    await page.fill('#max-batches', '300');
    await page.fill('#val-every', '50');
    await page.click('#train-button');

    const chart = '#accuracy-chart';
    await page.waitForFunction(
      (s) => Number(document.querySelector<HTMLElement>(s)?.dataset.trainPoints) >= 3,
      chart,
    );
    const early = await page.$eval(chart, (c) => ({
      png: (c as HTMLCanvasElement).toDataURL(),
      points: Number((c as HTMLElement).dataset.trainPoints),
    }));
    await page.waitForFunction(
      (s) => Number(document.querySelector<HTMLElement>(s)?.dataset.valPoints) >= 2,
      chart,
    );
    // The page stays responsive while the worker trains: the main thread answers at once.
    expect(
      await page.evaluate(() => document.querySelector('#train-status')?.getAttribute('data-state')),
    ).toBe('training');
    await page.waitForSelector('#train-status[data-state="done"]', { timeout: 90_000 });
    const late = await page.$eval(chart, (c) => ({
      png: (c as HTMLCanvasElement).toDataURL(),
      points: Number((c as HTMLElement).dataset.trainPoints),
      val: Number((c as HTMLElement).dataset.valPoints),
    }));
    expect(late.points).toBeGreaterThan(early.points);
    expect(late.val).toBe(6); // validation at steps 50, 100, …, 300
    expect(late.png).not.toBe(early.png);

    expect(await number('#stat-test-accuracy', 'value')).toBeGreaterThan(0.8);
    expect(Number.parseFloat((await page.textContent('#stat-val-accuracy')) ?? '')).toBeGreaterThan(80);
    expect(
      Number.parseFloat((await page.textContent('#stat-speed'))?.replace(/,/g, '') ?? ''),
    ).toBeGreaterThan(0);
    // Confusion matrix over the whole test set; 48 captioned test digits; the mlp's first-layer weights.
    const cells = await page.$$eval('#confusion tbody td', (tds) => tds.map((td) => Number(td.textContent)));
    expect(cells).toHaveLength(100);
    expect(cells.reduce((a, b) => a + b, 0)).toBe(10_000);
    const captions = await page.$$eval('#digit-grid figcaption', (fs) => fs.map((f) => f.textContent ?? ''));
    expect(captions).toHaveLength(48);
    expect(captions.every((c) => /^\d( ✗)?$/.test(c))).toBe(true);
    expect(await page.$$eval('#filters canvas', (cs) => cs.length)).toBe(32);
    await shot('training');
  });

  it('draws a "1" on the pad and shows the prediction with class probabilities', async () => {
    await page.locator('#pad').scrollIntoViewIfNeeded();
    const box = (await page.locator('#pad').boundingBox())!;
    const x = box.x + box.width / 2;
    await page.mouse.move(x, box.y + box.height * 0.15);
    await page.mouse.down();
    await page.mouse.move(x + 4, box.y + box.height * 0.85, { steps: 20 });
    await page.mouse.up();
    await page.waitForSelector('#pad-prediction[data-digit]');
    expect(await page.getAttribute('#pad-prediction', 'data-digit')).toBe('1');
    expect(await page.textContent('#pad-prediction')).toMatch(/trained here says 1 \(\d+\.\d%\)/);
    const probabilities = await page.$$eval('#prob-bars .prob', (ps) =>
      ps.map((p) => Number.parseFloat(p.textContent ?? '')),
    );
    expect(probabilities).toHaveLength(10);
    // Ten rounded percentages of a softmax: their sum is 100 within the rounding (10 x 0.05).
    expect(Math.abs(probabilities.reduce((a, b) => a + b, 0) - 100)).toBeLessThanOrEqual(0.5);
    // The 28 x 28 preview holds the preprocessed stroke.
    const ink = await page.$eval('#pad-28', (c) => {
      const data = (c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, 28, 28).data;
      let lit = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] > 128) lit++;
      return lit;
    });
    expect(ink).toBeGreaterThan(20);
    await page.locator('#pad-panel').screenshot({ path: join(artifacts, 'pad.png') });
    // The top of the page, as a visitor sees it: the README's screenshot is a copy of this one.
    await page.evaluate(() => window.scrollTo(0, 0));
    const clip = { x: 0, y: 0, width: 1280, height: 1240 };
    await page.screenshot({ path: join(artifacts, 'overview.png'), fullPage: true, clip });
  });

  it('loads a model trained by the scratchnet CLI, uses it on the pad and scores it on the test set', async () => {
    await page.setInputFiles('#model-files', [cliModel.json, cliModel.weights]);
    await page.waitForSelector('#model-status[data-state="evaluated"]', { timeout: 30_000 });
    expect(await number('#model-status', 'accuracy')).toBeGreaterThan(0.8);
    expect(await page.inputValue('#pad-model')).toBe('loaded');
    expect(await page.textContent('#pad-prediction')).toMatch(/loaded model says \d \(\d+\.\d%\)/);
    expect(await page.textContent('#confusion-caption')).toMatch(/Loaded model, 10000 test images/);
    fromCliFiles.accuracy = await number('#model-status', 'accuracy');
    fromCliFiles.digit = await page.getAttribute('#pad-prediction', 'data-digit');
    await shot('loaded-model');
  });

  it('loads an .onnx file (the CLI model exported to ONNX), uses it on the pad and scores it', async () => {
    const onnx = exportCliModel(cliModel.dir, join(tmp, 'mlp.onnx'));
    await page.setInputFiles('#model-files', [onnx]);
    // The status was "evaluated" for the model before: wait for this file's own result.
    await expect
      .poll(() => page.textContent('#model-status'), { timeout: 30_000 })
      .toMatch(/^Loaded mlp\.onnx: test accuracy/);
    // The same weights as the two-file model scored just before: the same test accuracy.
    expect(await number('#model-status', 'accuracy')).toBe(fromCliFiles.accuracy);
    expect(await page.inputValue('#pad-model')).toBe('loaded');
    expect(await page.textContent('#pad-prediction')).toMatch(/loaded model says \d \(\d+\.\d%\)/);
    expect(await page.getAttribute('#pad-prediction', 'data-digit')).toBe(fromCliFiles.digit);
    await shot('loaded-onnx');
  });

  it('downloads the page-trained model as model.json + model.safetensors that the library reads back', async () => {
    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await page.click('#download-model');
    await expect.poll(() => downloads.length).toBe(2);
    const saved: Record<string, string> = {};
    for (const d of downloads) {
      saved[d.suggestedFilename()] = join(tmp, d.suggestedFilename());
      await d.saveAs(saved[d.suggestedFilename()]);
    }
    const model = deserializeModel(
      readFileSync(saved['model.json'], 'utf8'),
      readFileSync(saved['model.safetensors']),
    );
    expect(JSON.parse(readFileSync(saved['model.json'], 'utf8')).info.preset).toBe('mlp');
    expect(evaluate(model, loadMnist({ split: 'test', limit: 1000 })).accuracy).toBeGreaterThan(0.8);
  });

  it('draws from the keyboard alone: arrows move the pen, Space lowers and lifts it, Escape clears', async () => {
    await page.focus('#pad');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getAttribute('#pad-prediction', 'data-digit')).toBeNull();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Space');
    for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    await expect.poll(() => page.getAttribute('#pad-prediction', 'data-digit')).toMatch(/^\d$/);
  });

  it('trains seed-cnn until Stop is pressed, then shows its convolution filters and feature maps', async () => {
    await page.selectOption('#model', 'seed-cnn');
    await page.fill('#max-batches', '5000');
    await page.fill('#val-every', '20');
    await page.fill('#test-images', '1000');
    await page.click('#train-button');
    await page.waitForFunction(
      () => Number(document.querySelector<HTMLElement>('#loss-chart')?.dataset.valPoints) >= 1,
    );
    await page.click('#stop-button');
    await page.waitForSelector('#train-status[data-state="done"]', { timeout: 60_000 });
    expect(await page.textContent('#train-status')).toMatch(/\(stopped\)/);
    await page.selectOption('#pad-model', 'trained');
    await expect.poll(() => page.textContent('#layer-caption')).toMatch(/^Conv2d\(1 -> 4, kernel 3x3/);
    // seed-cnn's first convolution: 4 filters of 3 x 3, and 4 feature maps of 26 x 26 for the pad's digit.
    const filters = await page.$$eval('#filters canvas', (cs) =>
      cs.map((c) => (c as HTMLCanvasElement).width),
    );
    const maps = await page.$$eval('#feature-maps canvas', (cs) =>
      cs.map((c) => (c as HTMLCanvasElement).width),
    );
    expect(filters).toEqual([3, 3, 3, 3]);
    expect(maps).toEqual([26, 26, 26, 26]);
    await shot('seed-cnn');
  });

  it('trains the lstm preset (a recurrent model reading the rows in turn) well above chance', async () => {
    await page.selectOption('#threads', '1');
    await page.selectOption('#model', 'lstm');
    await page.selectOption('#optimizer', 'adam');
    await page.fill('#lr', '0.005');
    await page.fill('#batch-size', '32');
    await page.fill('#epochs', '1');
    await page.fill('#max-batches', '80');
    await page.fill('#val-every', '80');
    await page.fill('#test-images', '500');
    await page.click('#train-button');
    await page.waitForSelector('#train-status[data-state="done"]', { timeout: 90_000 });
    expect(await page.textContent('#train-status')).toMatch(/^Done after 80 steps \(batch budget reached\)/);
    // 2,560 images seen: chance is 10%; the recurrent model is past 40% by then on any backend.
    expect(await number('#stat-test-accuracy', 'value')).toBeGreaterThan(0.4);
  });

  it('trains lenet on 1 thread and on 2 (cross-origin isolated), printing samples per second for each', async () => {
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await page.$eval('#threads option[value="2"]', (o) => (o as HTMLOptionElement).disabled)).toBe(
      false,
    );
    await page.selectOption('#model', 'lenet');
    await page.fill('#batch-size', String(LENET_BATCH));
    await page.fill('#epochs', '1');
    await page.fill('#max-batches', String(LENET_BATCHES));
    // One validation, after the last batch; the final test on the fewest images the form allows.
    await page.fill('#val-every', String(LENET_BATCHES));
    await page.fill('#test-images', '100');
    const speeds: Record<string, number> = {};
    const results: Record<string, { loss: number; accuracy: number }> = {};
    for (const threads of ['1', '2']) {
      await page.selectOption('#threads', threads);
      await page.click('#train-button');
      await page.waitForSelector('#train-status[data-state="done"]', { timeout: 90_000 });
      const status = await page.textContent('#train-status');
      expect(status).toMatch(
        new RegExp(`^Done after ${LENET_BATCHES} steps \\(batch budget reached\\) on ${threads} threads?,`),
      );
      // The count the backend reports once setThreads has resolved in the worker, not the form's value.
      expect(await page.getAttribute('#train-status', 'data-threads')).toBe(threads);
      // The page's own thread workers: none on 1 thread; on 2, one job worker beside the training
      // worker and the watcher that reports it if the browser ends it (both run the same script).
      const threadWorkers = page.workers().filter((w) => w.url().includes('wasm-threads-web-worker'));
      expect(threadWorkers).toHaveLength(threads === '1' ? 0 : 2);
      results[threads] = {
        loss: await number('#stat-test-accuracy', 'loss'),
        accuracy: await number('#stat-test-accuracy', 'value'),
      };
      expect(Number.isFinite(results[threads].loss)).toBe(true);
      expect(Number.isFinite(Number.parseFloat((await page.textContent('#stat-loss')) ?? ''))).toBe(true);
      speeds[threads] = await number('#train-status', 'samplesPerSecond');
      expect(speeds[threads]).toBeGreaterThan(0);
    }
    // The same seed trains the same model: the kernels give bit-identical results on any thread count,
    // so the test loss matches to the last bit.
    expect(results['2']).toEqual(results['1']);
    // Printed, not asserted: wall-clock speed depends on the machine and what else runs on it.
    const run = `lenet, ${LENET_BATCHES} batches of ${LENET_BATCH}`;
    console.log(
      `demo e2e: ${run}: 1 thread ${speeds['1'].toFixed(1)} samples/s, 2 threads ${speeds['2'].toFixed(1)} samples/s ` +
        `(x${(speeds['2'] / speeds['1']).toFixed(2)})`,
    );
  });

  it('fits a phone-sized screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The widest thing on the page, the 11-column confusion table, fits its card without scrolling.
    const table = await page.$eval('#confusion', (c) => ({ table: c.scrollWidth, card: c.clientWidth }));
    expect(table.table).toBeLessThanOrEqual(table.card);
    await page.screenshot({ path: join(artifacts, 'phone.png'), fullPage: true });
  });

  it('logged no console errors, page errors or failed requests', () => {
    expect(problems).toEqual([]);
  });
});
