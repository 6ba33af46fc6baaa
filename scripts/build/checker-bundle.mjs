// The build's last step (npm run build, after tsc): bundles the compiled file checker into one CommonJS file with
// esbuild and saves V8's code cache for it after a warm-up check, so that `faultline check` and its worker threads
// start checking without compiling the checker (checkers/linearizability/compiled-checker.ts). V8 takes a cache only
// in a process started with the options it was made under, so it is made twice, each in a fresh `node` of its kind:
// a plain one, and one started with the checker's options (CHECKER_NODE_OPTIONS), as the `faultline` bin starts —
// whatever options this build step itself runs under.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dir = fileURLToPath(new URL('../../dist/checkers/linearizability', import.meta.url));
const loader = new URL('../../dist/checkers/linearizability/compiled-checker.js', import.meta.url).href;
const { BUNDLE_FILE } = await import(loader);
const { CHECKER_NODE_OPTIONS } = await import(new URL('../../dist/checkers/linearizability/v8-tuning.js', import.meta.url).href);
await build({
  entryPoints: [join(dir, 'file-checker-bundle.js')],
  outfile: join(dir, BUNDLE_FILE),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  // The kernel's host module finds its WebAssembly file through __dirname in the bundle, import.meta.url elsewhere.
  logOverride: { 'empty-import-meta': 'silent' },
});
for (const options of [[], CHECKER_NODE_OPTIONS]) {
  execFileSync(
    process.execPath,
    [...options, '--input-type=module', '-e', `(await import(${JSON.stringify(loader)})).saveCodeCache(${JSON.stringify(dir)});`],
    { stdio: 'inherit' },
  );
}
