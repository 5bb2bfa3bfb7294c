import { LRScheduler, type LrHolder } from './lr-scheduler';
import { checkBoolean, checkNumber, checkPositiveInteger } from './options';

export interface OneCycleLROptions {
  /** The peak lr. */
  maxLr: number;
  /** How many `step()` calls the whole cycle lasts (epochs × batches per epoch when stepped per batch). */
  totalSteps: number;
  /** The share of the cycle spent rising to maxLr. */
  pctStart?: number;
  annealStrategy?: 'cos' | 'linear';
  /** The lr at step 0 is maxLr / divFactor. */
  divFactor?: number;
  /** The lr at the last step is maxLr / divFactor / finalDivFactor. */
  finalDivFactor?: number;
  /** Rise, fall back to the initial lr symmetrically, then anneal to the minimum (fast.ai's shape). */
  threePhase?: boolean;
}

interface Phase {
  endStep: number;
  startLr: number;
  endLr: number;
}

/**
 * PyTorch's OneCycleLR (cycle_momentum=False): the lr rises from maxLr/divFactor to
 * maxLr over pctStart of totalSteps, then anneals to maxLr/divFactor/finalDivFactor.
 * Momentum is not cycled: the optimizers have no momentum setter, so this matches
 * torch's OneCycleLR(..., cycle_momentum=False). The lrs of steps 0..totalSteps-1 (those
 * the totalSteps optimizer steps use) equal torch's. Step totalSteps, which follows the last
 * optimizer step, keeps the final lr where torch extrapolates past it (negative for a linear
 * anneal, which an optimizer here refuses). Stepping further throws, as torch does.
 */
export class OneCycleLR extends LRScheduler {
  private readonly totalSteps: number;
  private readonly anneal: (start: number, end: number, pct: number) => number;
  private readonly phases: Phase[];

  constructor(
    optimizer: LrHolder,
    {
      maxLr,
      totalSteps,
      pctStart = 0.3,
      annealStrategy = 'cos',
      divFactor = 25,
      finalDivFactor = 1e4,
      threePhase = false,
    }: OneCycleLROptions,
  ) {
    const name = 'OneCycleLR';
    const peak = checkNumber(name, 'maxLr', maxLr);
    const initial = peak / checkNumber(name, 'divFactor', divFactor, { above: true });
    super(optimizer, initial);
    this.totalSteps = checkPositiveInteger(name, 'totalSteps', totalSteps);
    const pct = checkNumber(name, 'pctStart', pctStart, { max: 1 });
    const min = initial / checkNumber(name, 'finalDivFactor', finalDivFactor, { above: true });
    if (annealStrategy !== 'cos' && annealStrategy !== 'linear') {
      throw new Error(
        `${name}: option annealStrategy must be 'cos' or 'linear', got ${String(annealStrategy)}`,
      );
    }
    this.anneal = annealStrategy === 'cos' ? annealCos : annealLinear;
    const last = this.totalSteps - 1;
    const rise = pct * this.totalSteps - 1;
    this.phases = checkBoolean(name, 'threePhase', threePhase)
      ? [
          { endStep: rise, startLr: initial, endLr: peak },
          { endStep: 2 * pct * this.totalSteps - 2, startLr: peak, endLr: initial },
          { endStep: last, startLr: initial, endLr: min },
        ]
      : [
          { endStep: rise, startLr: initial, endLr: peak },
          { endStep: last, startLr: peak, endLr: min },
        ];
    this.setLr(this.initialLr());
  }

  protected override initialLr(): number {
    return this.nextLr(0);
  }

  /** torch's get_lr: find the phase of `step`, interpolate within it. */
  protected nextLr(step: number): number {
    if (step > this.totalSteps) {
      throw new Error(`OneCycleLR: stepped ${step} times, but totalSteps is ${this.totalSteps}`);
    }
    if (step === this.totalSteps) return this.getLastLr();
    let startStep = 0;
    for (const [i, phase] of this.phases.entries()) {
      if (step <= phase.endStep || i === this.phases.length - 1) {
        const pct = (step - startStep) / (phase.endStep - startStep);
        return this.anneal(phase.startLr, phase.endLr, pct);
      }
      startStep = phase.endStep;
    }
    throw new Error('OneCycleLR: unreachable');
  }
}

function annealCos(start: number, end: number, pct: number): number {
  return end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
}

function annealLinear(start: number, end: number, pct: number): number {
  return (end - start) * pct + start;
}
