// Builds the reviewer console into dist/console, which the server serves at /console (src/server/routes/console.ts).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  plugins: [react()],
  build: { outDir: '../dist/console', emptyOutDir: true, sourcemap: true },
  logLevel: 'warn',
});
