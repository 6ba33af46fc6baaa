// Writing a file whole: to a temporary file beside it, then renamed over it, so a reader — or a process killed
// mid-write — never sees half a file.
import { renameSync, writeFileSync } from 'node:fs';

/** Replaces `path` with `data` atomically (on one filesystem). */
export function replaceFile(path: string, data: string | NodeJS.ArrayBufferView): void {
  const partial = `${path}.${process.pid}.tmp`;
  writeFileSync(partial, data);
  renameSync(partial, path);
}
