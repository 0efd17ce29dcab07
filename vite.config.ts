import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { studiesPlugin } from './scripts/vite-studies-plugin';
import { connectSrcFromEnv, contentSecurityPolicy, ISOLATION_HEADERS, productionHeaders } from './scripts/security-headers';

const connectSrc = connectSrcFromEnv();

/** Writes the Content-Security-Policy into the built index.html (hosts that cannot set headers get it too). */
function cspMetaPlugin(): Plugin {
  return {
    name: 'coro-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy({ connectSrc, forMeta: true }) }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig({
  plugins: [
    studiesPlugin(),
    cspMetaPlugin(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      injectRegister: false, // src/ui/offline/register.ts registers it (no inline script)
      manifestFilename: 'manifest.webmanifest',
      manifest: {
        name: 'Coroscanner — coroscanner hors ligne',
        short_name: 'Coroscanner',
        description: 'Coroscanner dans le navigateur : MPR, suivi des coronaires, sténoses, compte rendu CAD-RADS 2.0. Hors ligne, rien n’est envoyé.',
        lang: 'fr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#141c30',
        theme_color: '#141c30',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        // the icons and the manifest are added by the plugin itself
        globPatterns: ['**/*.{js,css,html,wasm}'],
        // the codecs and Cornerstone's compute worker are several MB: the shell must work offline whole
        maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
      },
      devOptions: { enabled: false },
    }),
  ],
  // generated outputs are no sources: the accuracy cache alone holds thousands of files (and may hold links)
  server: { headers: ISOLATION_HEADERS, port: 5173, strictPort: false, watch: { ignored: ['**/accuracy/out/**', '**/test-output/**'] } },
  preview: { headers: productionHeaders({ connectSrc }), port: 4173 },
  worker: { format: 'es' },
  optimizeDeps: {
    // the pages to scan, named: Vite's default globs every **/*.html under the root and follows links, so a
    // link loop in an output folder (accuracy/out, a worktree's links) failed the scan and the e2e run (ELOOP)
    entries: ['index.html', 'tests/**/*.html'],
    exclude: ['@cornerstonejs/dicom-image-loader'],
    include: [
      'dicom-parser',
      '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs',
      '@cornerstonejs/codec-charls/decodewasmjs',
      '@cornerstonejs/codec-openjpeg/decodewasmjs',
      '@cornerstonejs/codec-openjph/wasmjs',
      '@cornerstonejs/codec-libjxl/decodewasmjs',
    ],
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 8000,
    // a WebAssembly kernel inlined as a data: URL would be fetched from one, which connect-src 'self' refuses
    assetsInlineLimit: (file) => (file.endsWith('.wasm') ? false : undefined),
  },
});
