// Builds the small C helpers (FUSE filesystem, NFQUEUE delay) on the host with gcc, cached by a hash of their source.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from '../../core/paths.ts';
import { aptInstall, ensureCommand } from '../../core/host.ts';
import { EnvironmentError } from '../../core/errors.ts';
import type { Progress } from '../../core/progress.ts';

export interface NativeProgram {
  name: string;
  /** Absolute path of the single C source file. */
  source: string;
  /** pkg-config modules it compiles against, and the Debian packages that provide them. */
  pkgConfig: string[];
  aptPackages: string[];
  /** Linker arguments; `{libs}` is replaced by pkg-config --libs. */
  link: string[];
}

const CFLAGS = ['-O2', '-Wall', '-Wextra', '-std=gnu11'];

/** Where the binary for this exact source lives in the cache. */
export function nativeBinaryPath(p: NativeProgram): string {
  const hash = createHash('sha256')
    .update(readFileSync(p.source))
    .update(JSON.stringify([CFLAGS, p.pkgConfig, p.link]))
    .digest('hex')
    .slice(0, 12);
  return join(cacheDir(), 'native', `${p.name}-${hash}`);
}

/** Returns the cached binary, compiling it first (and installing gcc and the -dev packages) when missing. */
export async function buildNative(p: NativeProgram, progress: Progress): Promise<string> {
  const out = nativeBinaryPath(p);
  if (existsSync(out)) return out;
  const why = `building the ${p.name} helper`;
  const { execa } = await import('execa');
  await ensureCommand('gcc', 'gcc', why, progress);
  await ensureCommand('pkg-config', 'pkg-config', why, progress);
  const present = await execa('pkg-config', ['--exists', ...p.pkgConfig], { reject: false });
  if (present.exitCode !== 0) await aptInstall(p.aptPackages, why, progress);
  const cflags = await execa('pkg-config', ['--cflags', ...p.pkgConfig]);
  const libs = await execa('pkg-config', ['--libs', ...p.pkgConfig]);
  const link = p.link.flatMap((a) => (a === '{libs}' ? libs.stdout.split(/\s+/).filter(Boolean) : [a]));
  mkdirSync(join(cacheDir(), 'native'), { recursive: true });
  const tmp = `${out}.tmp-${process.pid}`;
  await progress.step(`compiling ${p.name}`, async () => {
    const r = await execa('gcc', [...CFLAGS, ...cflags.stdout.split(/\s+/).filter(Boolean), '-o', tmp, p.source, ...link], { reject: false, all: true });
    if (r.exitCode !== 0) throw new EnvironmentError(`compiling ${p.name} failed: ${(r.all ?? '').split('\n').slice(-6).join(' | ')}`);
  });
  renameSync(tmp, out);
  return out;
}
