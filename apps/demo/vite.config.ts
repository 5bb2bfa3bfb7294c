import { defineConfig } from 'vite';
import { ISOLATION_HEADERS } from './vite/isolation-headers';
import { mnistAssets } from './vite/mnist-assets';

// The first 12,000 training images keep the page light (9.4 MB instead of 47 MB); the whole
// 10,000-image test set is served so that test accuracy means what it means elsewhere.
export const TRAIN_IMAGES_SHIPPED = 12_000;

export default defineConfig({
  // Relative asset paths: dist/ works from any folder or sub-path of a static server.
  base: './',
  plugins: [mnistAssets({ trainLimit: TRAIN_IMAGES_SHIPPED })],
  worker: { format: 'es' },
  // Cross-origin isolated, so that the training worker can run the wasm backend on several threads.
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1000 },
});
