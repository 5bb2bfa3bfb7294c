import type { ModelBytes, ModelFile } from '../worker/protocol';

/** A model's file(s) as read; `name` says where it came from. */
export interface PickedModel {
  name: string;
  file: ModelFile;
}

/**
 * Picks the model out of the chosen or dropped files: an .onnx file, or model.json (architecture)
 * and *.safetensors (weights).
 */
export async function readModelFiles(files: readonly File[]): Promise<PickedModel> {
  const onnx = files.find((f) => f.name.endsWith('.onnx'));
  if (onnx) return { name: onnx.name, file: { onnx: new Uint8Array(await onnx.arrayBuffer()) } };
  const json = files.find((f) => f.name.endsWith('.json'));
  const weights = files.find((f) => f.name.endsWith('.safetensors'));
  if (!json || !weights) {
    const got = files.map((f) => f.name).join(', ') || 'nothing';
    throw new Error(`choose an .onnx file, or both model.json and model.safetensors (got ${got})`);
  }
  return {
    name: `${json.name} + ${weights.name}`,
    file: { json: await json.text(), weights: new Uint8Array(await weights.arrayBuffer()) },
  };
}

/** Calls `onFiles` with files chosen in `input` or dropped on `zone`. */
export function watchModelFiles(
  input: HTMLInputElement,
  zone: HTMLElement,
  onFiles: (files: File[]) => void,
): void {
  input.addEventListener('change', () => {
    if (input.files && input.files.length > 0) onFiles(Array.from(input.files));
  });
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    onFiles(Array.from(e.dataTransfer?.files ?? []));
  });
}

function download(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves a model as the CLI does: model.json and model.safetensors. */
export function downloadModel(model: ModelBytes): void {
  download('model.json', model.json, 'application/json');
  download('model.safetensors', model.weights as Uint8Array<ArrayBuffer>, 'application/octet-stream');
}
