import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from './compress-plugin.mjs';

const sharedSource = fileURLToPath(new URL('../shared/src/index.ts', import.meta.url));

export default defineConfig({
  // The server mounts the SPA at /admin/ but also serves index.html for GET /graphql,
  // so assets must be addressed absolutely.
  base: '/admin/',
  plugins: [react(), precompress()],
  // shared/dist is CommonJS; the TypeScript source bundles cleanly for the browser.
  resolve: { alias: { '@keyhold/shared': sharedSource } },
  server: {
    port: 5173,
    fs: { allow: ['..'] },
    proxy: {
      '/graphql': {
        target: 'http://127.0.0.1:4000',
        // A browser navigation to /graphql gets the SPA (the explorer), as the server does.
        bypass: (req) =>
          req.headers.accept?.includes('text/html') ? '/admin/index.html' : undefined,
      },
    },
  },
  build: {
    outDir: 'dist',
    manifest: true,
    // GraphiQL's editor (monaco) is large; it is lazy and measured by bench/bundle instead.
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      // @keyhold/shared is pure functions; without this its CommonJS ipaddr.js dependency
      // would ride along with any page that only wants a constant from it.
      treeshake: {
        moduleSideEffects: [{ test: /\/shared\/src\/|ipaddr\.js/, sideEffects: false }],
      },
      onwarn(warning, warn) {
        // graphiql ships React Compiler "use no memo" directives; dropping them is harmless.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
});
