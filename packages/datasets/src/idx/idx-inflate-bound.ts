import { formatShape, validateShape } from '@scratchnet/tensor';
import { decodeIdxHeader, type IdxHeader, idxHeaderLength } from './idx-header';

/** The longest IDX header: the 4-byte magic number and 4 bytes for each of up to 255 dimensions. */
export const MAX_IDX_HEADER_BYTES = 4 + 4 * 255;

/** What a gzip'd IDX file may inflate to: its header and exactly the data the header declares. */
export interface IdxInflateBound {
  readonly header: IdxHeader;
  /** Header bytes + product(dims) × element size. */
  readonly totalBytes: number;
}

/**
 * The bound the IDX header at the start of `head` (the first inflated bytes) sets, or null while
 * `head` is too short to hold it. Throws on a bad header, and when the dims declare more elements
 * than a tensor may hold (2^28): nothing that large is worth inflating.
 */
export function idxInflateBound(head: Uint8Array, source: string): IdxInflateBound | null {
  if (head.length < 4 || head.length < idxHeaderLength(head)) return null;
  const header = decodeIdxHeader(head, source);
  validateShape(source, header.dims, 'the IDX data');
  return { header, totalBytes: header.headerBytes + header.dataBytes };
}

/** The error for gzip data that inflates past its bound; `stoppedAfter` is how far inflating went, when known. */
export function inflatedPastBound(source: string, bound: IdxInflateBound, stoppedAfter?: number): Error {
  const { header, totalBytes } = bound;
  const declared = `${header.headerBytes}-byte header + dims ${formatShape(header.dims)} of ${header.type.dtype}`;
  const stopped =
    stoppedAfter === undefined ? 'inflating stopped there' : `stopped after inflating ${stoppedAfter} bytes`;
  return new Error(
    `${source}: the gzip data goes on past the ${totalBytes} bytes its IDX header declares (${declared}); ${stopped}`,
  );
}
