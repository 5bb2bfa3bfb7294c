import fc from 'fast-check';
import { decodeModel, encodeModel } from '../proto/onnx-proto';
import type { ModelProto, NodeProto, TensorProto } from '../proto/onnx-types';

type Mutation = (model: ModelProto, pick: number) => void;

const HUGE = [2 ** 31, 2 ** 40, 2 ** 53, 2 ** 62, -1, -(2 ** 40), 0];

const at = <T>(list: T[] | undefined, pick: number): T | undefined =>
  list && list.length > 0 ? list[pick % list.length] : undefined;
const initializer = (m: ModelProto, pick: number): TensorProto | undefined => at(m.graph?.initializer, pick);
const node = (m: ModelProto, pick: number): NodeProto | undefined => at(m.graph?.node, pick);

/** What a hostile or broken writer could put in an ONNX file, one change at a time. */
const MUTATIONS: Record<string, Mutation> = {
  'huge dims': (m, pick) => {
    const t = initializer(m, pick);
    if (t) t.dims = [HUGE[pick % HUGE.length], ...(t.dims ?? []).slice(1)];
  },
  'absurd initializer size': (m, pick) => {
    const t = initializer(m, pick);
    if (t) t.dims = [65536, 65536, 64];
  },
  'raw_data shorter than dims': (m, pick) => {
    const t = initializer(m, pick);
    if (t?.raw_data) t.raw_data = t.raw_data.subarray(0, Math.max(0, t.raw_data.length - 1 - (pick % 7)));
  },
  'raw_data longer than dims': (m, pick) => {
    const t = initializer(m, pick);
    if (t?.raw_data) t.raw_data = new Uint8Array(t.raw_data.length + 4 + (pick % 5));
  },
  'unsupported data type': (m, pick) => {
    const t = initializer(m, pick);
    if (t) t.data_type = [0, 2, 8, 10, 16, 99][pick % 6];
  },
  'external data': (m, pick) => {
    const t = initializer(m, pick);
    if (t) t.data_location = 1;
  },
  'initializer dropped': (m, pick) => {
    m.graph?.initializer?.splice(pick % Math.max(1, m.graph.initializer.length), 1);
  },
  cycle: (m, pick) => {
    const nodes = m.graph?.node ?? [];
    if (nodes.length < 2) return;
    const from = pick % nodes.length;
    const to = (from + 1 + ((pick >> 3) % (nodes.length - 1))) % nodes.length;
    const [early, late] = from < to ? [nodes[from], nodes[to]] : [nodes[to], nodes[from]];
    early.input = [late.output?.[0] ?? '', ...(early.input ?? []).slice(1)];
  },
  'self loop': (m, pick) => {
    const n = node(m, pick);
    if (n) n.input = [n.output?.[0] ?? '', ...(n.input ?? []).slice(1)];
  },
  'value produced twice': (m, pick) => {
    const nodes = m.graph?.node ?? [];
    if (nodes.length >= 2)
      nodes[(pick + 1) % nodes.length].output = [...(nodes[pick % nodes.length].output ?? [])];
  },
  'dangling input': (m, pick) => {
    const n = node(m, pick);
    if (n) n.input = ['nowhere', ...(n.input ?? []).slice(1)];
  },
  'unknown operator': (m, pick) => {
    const n = node(m, pick);
    if (n) n.op_type = ['Loop', 'If', 'NonMaxSuppression', '', 'toString', '__proto__'][pick % 6];
  },
  'foreign domain': (m, pick) => {
    const n = node(m, pick);
    if (n) n.domain = 'com.example';
  },
  'attribute of the wrong type or size': (m, pick) => {
    const n = node(m, pick);
    const a = at(n?.attribute, pick >> 2);
    if (!a) return;
    const choice = pick % 5;
    if (choice === 0) a.type = 3;
    else if (choice === 1) a.ints = [HUGE[pick % HUGE.length], 2 ** 30];
    else if (choice === 2) a.ints = [-5, -5, -5, -5];
    else if (choice === 3) a.i = HUGE[(pick >> 1) % HUGE.length];
    else a.f = Number.NaN;
  },
  'huge graph input': (m, pick) => {
    const dim = m.graph?.input?.[0]?.type?.tensor_type?.shape?.dim;
    if (dim && dim.length > 1) dim[1 + (pick % (dim.length - 1))] = { dim_value: HUGE[pick % HUGE.length] };
  },
  'symbolic inner dimension': (m) => {
    const dim = m.graph?.input?.[0]?.type?.tensor_type?.shape?.dim;
    if (dim && dim.length > 1) dim[dim.length - 1] = { dim_param: 'W' };
  },
  'no opset': (m, pick) => {
    m.opset_import = pick % 2 ? [] : [{ domain: '', version: pick % 11 }];
  },
  'no graph output': (m) => {
    if (m.graph) m.graph.output = [];
  },
};

/** A valid ONNX file with one hostile change (or two), as bytes. */
export function withHostileChange(valid: Uint8Array): fc.Arbitrary<{ change: string; bytes: Uint8Array }> {
  const names = Object.keys(MUTATIONS);
  return fc
    .record({
      changes: fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 2 }),
      pick: fc.nat({ max: 1 << 16 }),
    })
    .map(({ changes, pick }) => {
      const model = decodeModel(valid);
      for (const change of changes) MUTATIONS[change](model, pick);
      return { change: changes.join(' + '), bytes: encodeModel(model) };
    });
}

/** A message nested `depth` levels (graph in an attribute in a node in a graph …), as raw protobuf bytes. */
export function deeplyNested(depth: number): Uint8Array {
  // Innermost first: each level wraps the previous one as GraphProto.node[0].attribute[0].g.
  const varint = (n: number) => {
    const out: number[] = [];
    while (n > 127) {
      out.push((n & 127) | 128);
      n >>>= 7;
    }
    out.push(n);
    return out;
  };
  const field = (number: number, body: number[]) => [(number << 3) | 2, ...varint(body.length), ...body];
  let graph: number[] = [];
  for (let i = 0; i < depth; i++) {
    const attribute = field(6, graph); // AttributeProto.g = 6
    const nodeProto = field(5, attribute); // NodeProto.attribute = 5
    graph = field(1, nodeProto); // GraphProto.node = 1
    if (graph.length > 1 << 22) break;
  }
  return new Uint8Array(field(7, graph)); // ModelProto.graph = 7
}
