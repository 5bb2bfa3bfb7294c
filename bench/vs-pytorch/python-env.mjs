// Finds a Python with PyTorch for bench/vs-pytorch.mjs: --python PATH, else $SCRATCHNET_BENCH_TORCH,
// else the virtual environment bench/.venv-torch, created and filled from PyPI on first use.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const VENV = fileURLToPath(new URL('../.venv-torch', import.meta.url));

function hasTorch(python) {
  return spawnSync(python, ['-c', 'import torch, numpy'], { stdio: 'ignore' }).status === 0;
}

/** The Python to run PyTorch with, or `{ skip: reason }` when none can be had. */
export function torchPython(explicit) {
  const given = explicit ?? process.env.SCRATCHNET_BENCH_TORCH;
  if (given) return hasTorch(given) ? { python: given } : { skip: `${given} cannot import torch and numpy` };
  const python = `${VENV}/bin/python`;
  if (existsSync(python) && hasTorch(python)) return { python };
  try {
    process.stderr.write(`creating ${VENV} and installing torch and numpy (a few minutes, once)…\n`);
    execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
    execFileSync(`${VENV}/bin/pip`, ['install', '--quiet', 'torch', 'numpy'], { stdio: 'inherit' });
  } catch (error) {
    return { skip: `could not install PyTorch into ${VENV}: ${error.message.split('\n')[0]}` };
  }
  return hasTorch(python) ? { python } : { skip: `PyTorch installed into ${VENV} but does not import` };
}
