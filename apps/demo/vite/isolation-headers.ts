/**
 * The response headers that make the page cross-origin isolated, so that browsers expose
 * SharedArrayBuffer and the wasm backend can run its worker threads. Every server of the page
 * sends them: Vite's dev and preview servers, the end-to-end test's server, and a static host.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;
