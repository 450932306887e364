// Vite builds the web UI from ui/ into ui/dist/, which `pointyard start` serves at `/`.
// `npm run dev:ui` serves it with hot reload and forwards /api to a running `npm start` (or POINTYARD_API).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const api = process.env.POINTYARD_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  // JSX through Vite's own transform (Oxc), for Preact: no Babel, no plugin.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
  },
  server: { proxy: { '/api': api, '/healthz': api } },
});
