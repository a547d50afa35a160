import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// A path, not a URL: decode so a checkout under a folder with spaces still works.
const webRoot = decodeURIComponent(new URL('.', import.meta.url).pathname);

/** The page: root web/, built into web/dist (served by Fastify), dev server proxying the API. */
export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/healthz': 'http://127.0.0.1:3000',
      '/readyz': 'http://127.0.0.1:3000',
    },
  },
});
