// The entry of the file checker's bundle (built into dist/ by `npm run build`, loaded by compiled-checker.ts): what
// a process that checks history files calls, and the warm-up the build runs before saving the code cache.
export { checkHistoryFile } from './check-file.ts';
export { warmUp } from './warm-up.ts';
