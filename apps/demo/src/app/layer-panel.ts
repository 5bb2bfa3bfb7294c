import { firstLayerView, type PageModel } from '../model/page-model';
import { paintTiles } from '../ui/gray-canvas';

export interface LayerPanelElements {
  caption: HTMLElement;
  filters: HTMLElement;
  maps: HTMLElement;
}

/** Draws the first layer's weights and, for a convolution, its feature maps for `image`. */
export function renderLayerPanel(
  els: LayerPanelElements,
  model: PageModel | undefined,
  image: Float32Array,
): void {
  const view = model && firstLayerView(model, image);
  if (!view) {
    els.caption.textContent = 'Train or load a model to see its first layer.';
    els.filters.replaceChildren();
    els.maps.replaceChildren();
    return;
  }
  const { filters, maps } = view;
  paintTiles(els.filters, filters.blocks, filters.width, filters.height, 'diverging', (i) => `weights ${i}`);
  if (maps) {
    els.caption.textContent = `${view.layer}: ${filters.blocks.length} filters (red positive, blue negative) and their ReLU outputs.`;
    paintTiles(els.maps, maps.blocks, maps.width, maps.height, 'minmax', (i) => `feature map ${i}`);
  } else {
    els.caption.textContent = `${view.layer} has no convolution: shown are ${filters.blocks.length} hidden units' weights on the 28 × 28 pixels (red positive, blue negative).`;
    els.maps.replaceChildren(
      Object.assign(document.createElement('p'), {
        className: 'hint',
        textContent: 'Feature maps exist for convolutional models (seed-cnn, lenet).',
      }),
    );
  }
}
