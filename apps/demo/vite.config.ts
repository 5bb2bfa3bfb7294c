import { defineConfig } from 'vite';
import { mnistAssets } from './vite/mnist-assets';

// The first 12,000 training images keep the page light (9.4 MB instead of 47 MB); the whole
// 10,000-image test set is served so that test accuracy means what it means elsewhere.
export const TRAIN_IMAGES_SHIPPED = 12_000;

export default defineConfig({
  // Relative asset paths: dist/ works from any folder or sub-path of a static server.
  base: './',
  plugins: [mnistAssets({ trainLimit: TRAIN_IMAGES_SHIPPED })],
  worker: { format: 'es' },
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1000 },
});
