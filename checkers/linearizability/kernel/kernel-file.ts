// The name of the compiled search kernel (assembly/search-kernel.ts), which `npm run build` writes beside the kernel's
// host module in dist/ (index.ts finds it there, also from the checker's bundle and from the sources).
export const KERNEL_FILE = 'search-kernel.wasm';
