// The build's last step (npm run build, after tsc): bundles the compiled file checker into one CommonJS file with
// esbuild and saves V8's code cache for it after a warm-up check, so that `faultline check` and its worker threads
// start checking without compiling the checker (checkers/linearizability/compiled-checker.ts).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dir = fileURLToPath(new URL('../../dist/checkers/linearizability', import.meta.url));
const { BUNDLE_FILE, saveCodeCache } = await import(new URL('../../dist/checkers/linearizability/compiled-checker.js', import.meta.url).href);
await build({
  entryPoints: [join(dir, 'file-checker-bundle.js')],
  outfile: join(dir, BUNDLE_FILE),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
});
saveCodeCache(dir);
