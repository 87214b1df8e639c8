import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import react from '@vitejs/plugin-react';

// One build produces the Electron main process, the plain-Node preview host (same services,
// no Electron), the sandboxed preload and the renderer.
export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    resolve: { alias: { '@shared': resolve('src/shared') } },
    build: {
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          preview: resolve('src/main/preview/index.ts'),
          // Workbook parsing runs in a worker_threads Worker; WorkbookInspector looks for out/main/inspect-worker.js.
          'inspect-worker': resolve('src/main/ingest/inspect-worker.ts'),
          // Cleaned-data tables are decoded and sorted in a worker; ArtifactReader looks for out/main/table-worker.js.
          'table-worker': resolve('src/main/artifacts/table-worker.ts'),
          // The Demo emulator's engine runs in a worker; createWorkerPipelineRunner looks for out/main/pipeline-worker.js.
          'pipeline-worker': resolve('src/main/ingest/pipeline-worker.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias: { '@shared': resolve('src/shared') } },
    build: {
      // electron-vite 6 externalizes dependencies by default; a sandboxed preload cannot require('zod').
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        // A sandboxed preload cannot require() modules, so everything is bundled into one CJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    resolve: { alias: { '@shared': resolve('src/shared'), '@renderer': resolve('src/renderer/src') } },
    plugins: [react()],
    // electron-vite leaves the renderer unminified by default; minifying keeps the initial JS well under budget.
    build: { minify: true, rollupOptions: { input: resolve('src/renderer/index.html') } },
  },
});
