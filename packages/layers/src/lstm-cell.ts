import type { CellBackwardStep, CellStep, RecurrentCell } from './recurrent-cell';
import { sigmoid } from './recurrent-cell';

/**
 * PyTorch's LSTM step, gates in the order i, f, g, o of its weights' rows:
 * i = σ(·), f = σ(·), g = tanh(·), o = σ(·) of x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh;
 * c = f·c_prev + i·g, h = o·tanh(c).
 */
export const lstmCell: RecurrentCell = {
  gateCount: 4,
  hasCellState: true,
  sameGateGradients: true,

  forward({ rows, hidden: H, gates, projected, cPrev, c, h }: CellStep): void {
    for (let n = 0; n < rows; n++) {
      const row = n * 4 * H;
      for (let j = 0; j < H; j++) {
        const [ii, ff, gg, oo] = [row + j, row + H + j, row + 2 * H + j, row + 3 * H + j];
        const i = sigmoid(gates[ii] + projected[ii]);
        const f = sigmoid(gates[ff] + projected[ff]);
        const g = Math.tanh(gates[gg] + projected[gg]);
        const o = sigmoid(gates[oo] + projected[oo]);
        const k = n * H + j;
        c[k] = f * cPrev[k] + i * g;
        h[k] = o * Math.tanh(c[k]);
        gates[ii] = i;
        gates[ff] = f;
        gates[gg] = g;
        gates[oo] = o;
      }
    }
  },

  backward({ rows, hidden: H, gates, cPrev, c, dy, dh, dc, dGatesInput: dGates }: CellBackwardStep): void {
    for (let n = 0; n < rows; n++) {
      const row = n * 4 * H;
      for (let j = 0; j < H; j++) {
        const [ii, ff, gg, oo] = [row + j, row + H + j, row + 2 * H + j, row + 3 * H + j];
        const [i, f, g, o] = [gates[ii], gates[ff], gates[gg], gates[oo]];
        const k = n * H + j;
        const tanhC = Math.tanh(c[k]);
        const dhk = dy[k] + dh[k];
        const dck = dc[k] + dhk * o * (1 - tanhC * tanhC);
        dGates[ii] = dck * g * i * (1 - i);
        dGates[ff] = dck * cPrev[k] * f * (1 - f);
        dGates[gg] = dck * i * (1 - g * g);
        dGates[oo] = dhk * tanhC * o * (1 - o);
        dc[k] = dck * f;
        dh[k] = 0;
      }
    }
  },
};
