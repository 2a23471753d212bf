/** Builds the Web UI (web/) into dist/web, which the JobManager serves at `/`. */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  // Relative asset URLs: the UI works behind any path prefix a proxy puts in front of the JobManager.
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // elkjs is one 1.4 MB module, loaded only when a graph is first shown (see job-graph/layout.ts).
    chunkSizeWarningLimit: 1600,
  },
  // `npm run web:dev`: the UI with hot reload, its REST calls sent to a JobManager on :8081.
  server: { proxy: { '^/(v1|jobs|jars|overview|config|taskmanagers|jobmanager)(/|$)': 'http://127.0.0.1:8081' } },
});
