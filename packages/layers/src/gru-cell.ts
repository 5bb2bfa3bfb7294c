import type { CellBackwardStep, CellStep, RecurrentCell } from './recurrent-cell';
import { sigmoid } from './recurrent-cell';

/**
 * PyTorch's GRU step, gates in the order r, z, n of its weights' rows, with gi = x·W_ihᵀ + b_ih and
 * gh = h_prev·W_hhᵀ + b_hh: r = σ(gi_r + gh_r), z = σ(gi_z + gh_z), n = tanh(gi_n + r·gh_n),
 * h = (1 − z)·n + z·h_prev. The reset gate scales gh_n, so the two products get different gradients.
 */
export const gruCell: RecurrentCell = {
  gateCount: 3,
  hasCellState: false,
  sameGateGradients: false,

  forward({ rows, hidden: H, gates, projected, hPrev, h }: CellStep): void {
    for (let n = 0; n < rows; n++) {
      const row = n * 3 * H;
      for (let j = 0; j < H; j++) {
        const [rr, zz, nn] = [row + j, row + H + j, row + 2 * H + j];
        const r = sigmoid(gates[rr] + projected[rr]);
        const z = sigmoid(gates[zz] + projected[zz]);
        const candidate = Math.tanh(gates[nn] + r * projected[nn]);
        const k = n * H + j;
        h[k] = (1 - z) * candidate + z * hPrev[k];
        gates[rr] = r;
        gates[zz] = z;
        gates[nn] = candidate;
      }
    }
  },

  backward(step: CellBackwardStep): void {
    const { rows, hidden: H, gates, projected, hPrev, dy, dh, dGatesInput, dGatesHidden } = step;
    for (let n = 0; n < rows; n++) {
      const row = n * 3 * H;
      for (let j = 0; j < H; j++) {
        const [rr, zz, nn] = [row + j, row + H + j, row + 2 * H + j];
        const [r, z, candidate] = [gates[rr], gates[zz], gates[nn]];
        const k = n * H + j;
        const dhk = dy[k] + dh[k];
        const dCandidate = dhk * (1 - z) * (1 - candidate * candidate);
        const dr = dCandidate * projected[nn] * r * (1 - r);
        const dz = dhk * (hPrev[k] - candidate) * z * (1 - z);
        dGatesInput[rr] = dGatesHidden[rr] = dr;
        dGatesInput[zz] = dGatesHidden[zz] = dz;
        dGatesInput[nn] = dCandidate;
        dGatesHidden[nn] = dCandidate * r;
        dh[k] = dhk * z;
      }
    }
  },
};
