import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '@scratchnet/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCheckpoint } from './save-model';

const child = fileURLToPath(new URL('./kill-during-save-child.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'scratchnet-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the saving loop at generation `first`, lets it finish `atLeast` saves, then SIGKILLs it after `delayMs`. */
function saveThenKill(first: number, atLeast: number, delayMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, dir, String(first)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let armed = false;
    p.stdout.on('data', (chunk) => {
      out += chunk;
      if (!armed && out.split('\n').length > atLeast) {
        armed = true;
        setTimeout(() => p.kill('SIGKILL'), delayMs);
      }
    });
    p.stderr.on('data', (chunk) => {
      err += chunk;
    });
    p.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve(out.split('\n').length - 1);
      else reject(new Error(`the saving child exited with ${code}: ${err}`));
    });
  });
}

describe('saveModel killed with SIGKILL at random moments', () => {
  it('always leaves one whole checkpoint set: the last finished save or the one in flight', async () => {
    const rng = createRng(42);
    let next = 1;
    for (let round = 0; round < 12; round++) {
      // The first save of a round also finishes any save the previous kill left pending.
      const saved = await saveThenKill(next, 1, rng.int(120));
      const lastFinished = next + saved - 1;
      const checkpoint = loadCheckpoint(dir);
      const g = checkpoint.epochsDone as number;
      expect([lastFinished, lastFinished + 1]).toContain(g);
      expect(checkpoint.info).toEqual({ generation: g });
      expect(checkpoint.optimizerState).toEqual({ generation: g });
      for (const p of checkpoint.model.parameters()) expect(p.value.data.every((v) => v === g)).toBe(true);
      next = g + 1;
    }
    const leftovers = readdirSync(dir).filter(
      (f) => !['checkpoint.json', 'model.json', 'model.safetensors', 'training-state.json'].includes(f),
    );
    // At most the debris of the last kill: a staging folder or a pending set (finished by the next save).
    expect(leftovers.length).toBeLessThanOrEqual(1);
  }, 60_000);
});
