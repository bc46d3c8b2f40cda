import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The build is committed (web/dist) and embedded in the vanban binary, so it
// must be reproducible: no timestamps, stable chunk names, no source maps.
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: { '/v1': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' },
  },
});
