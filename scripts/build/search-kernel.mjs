// A build step (npm run build, after tsc, before the checker bundle): compiles the linearizability search kernel
// (checkers/linearizability/kernel/assembly/search-kernel.ts, AssemblyScript) to WebAssembly beside its host module in dist/.
// Options: the stub runtime (a check's instance is dropped whole, so nothing is ever freed inside it), full
// optimization, no bounds checks in the compiled code (the host sizes every array it fills; see kernel/index.ts), and
// SIMD (the history reader passes 16 bytes of a string at a time).
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const source = fileURLToPath(new URL('../../checkers/linearizability/kernel/assembly/search-kernel.ts', import.meta.url));
const outDir = fileURLToPath(new URL('../../dist/checkers/linearizability/kernel', import.meta.url));
const { KERNEL_FILE } = await import(new URL('../../dist/checkers/linearizability/kernel/kernel-file.js', import.meta.url).href);
mkdirSync(outDir, { recursive: true });
const { error, stderr } = await asc.main([
  source,
  '--outFile',
  `${outDir}/${KERNEL_FILE}`,
  '--runtime',
  'stub',
  '--optimizeLevel',
  '3',
  '--shrinkLevel',
  '0',
  '--uncheckedBehavior',
  'always',
  '--noAssert',
  '--use',
  'abort=',
  '--enable',
  'simd',
]);
if (error) {
  process.stderr.write(stderr.toString());
  throw error;
}
