// The file checker as `faultline check` loads it (compiled-checker.ts): the build's bundle with the V8 code cache the
// build saved. In a fresh process V8 takes that cache — a plain `node` the one made for it, a `node` started with the
// checker's options (as the `faultline` bin starts, which its first line says) the other — and the bundled checker's
// verdicts are right; a missing or a refused cache (garbage, or made by another V8) only costs compile time: the
// verdicts stay right. The cache made by saveCodeCache is one a fresh process takes. Each case runs in a fresh `node`,
// as a user's process would.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../core/paths.ts';
import { generateHistory, toJsonl } from '../../../checkers/linearizability/generate-history.ts';
import { CHECKER_NODE_OPTIONS } from '../../../checkers/linearizability/v8-tuning.ts';

const built = join(repoRoot, 'dist', 'checkers', 'linearizability');
const loader = pathToFileURL(join(built, 'compiled-checker.js')).href;
const BUNDLE = 'file-checker.bundle.cjs';
const CACHE = 'file-checker.v8-cache';
const OPTIONS_CACHE = 'file-checker.checker-options.v8-cache';

let histories: Record<'ok' | 'violation', string>;

/**
 * Loads the checker from `dir` (default: the build) in a fresh process started with `nodeOptions`; its code-cache
 * status and the two verdicts.
 */
async function loadAndCheck(dir?: string, nodeOptions: readonly string[] = []): Promise<{ codeCache: string; ok: unknown; violation: unknown }> {
  const script = `
    const { loadFileChecker } = await import(${JSON.stringify(loader)});
    const { checkHistoryFile, codeCache } = await loadFileChecker(${dir === undefined ? '' : JSON.stringify(dir)});
    const verdict = (file) => checkHistoryFile({ file, model: 'kv' }).result.valid;
    console.log(JSON.stringify({ codeCache, ok: verdict(${JSON.stringify(histories.ok)}), violation: verdict(${JSON.stringify(histories.violation)}) }));`;
  const r = await execa('node', [...nodeOptions, '--input-type=module', '-e', script]);
  return JSON.parse(r.stdout) as { codeCache: string; ok: unknown; violation: unknown };
}

/** A directory holding a copy of the built bundle, and `cache` as its code cache (file `name`) when given. */
function bundleCopy(cache?: Buffer, name = CACHE): string {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-bundle-'));
  copyFileSync(join(built, BUNDLE), join(dir, BUNDLE));
  if (cache) writeFileSync(join(dir, name), cache);
  return dir;
}

beforeAll(() => {
  if (!existsSync(join(built, BUNDLE))) throw new Error(`${join(built, BUNDLE)} is missing: run \`npm run build\` first`);
  const dir = mkdtempSync(join(tmpdir(), 'faultline-compiled-'));
  histories = { ok: join(dir, 'ok.jsonl'), violation: join(dir, 'violation.jsonl') };
  for (const violation of [false, true]) {
    const ops = generateHistory({ model: 'kv', clients: 10, ops: 400, crashRate: 0.02, violation, seed: 7 });
    writeFileSync(violation ? histories.violation : histories.ok, toJsonl(ops));
  }
});

describe('the bundled file checker', () => {
  it("loads with the build's code cache, which V8 takes, and decides both histories right", async () => {
    expect(await loadAndCheck()).toEqual({ codeCache: 'accepted', ok: true, violation: false });
  });

  it("started with the checker's node options, takes the cache the build made for them, and decides the same", async () => {
    expect(CHECKER_NODE_OPTIONS.length).toBeGreaterThan(0);
    expect(await loadAndCheck(undefined, CHECKER_NODE_OPTIONS)).toEqual({ codeCache: 'accepted', ok: true, violation: false });
    // The plain process's cache in its place is refused: V8 keys a cache to the options it was made under.
    const swapped = bundleCopy(readFileSync(join(built, CACHE)), OPTIONS_CACHE);
    expect(await loadAndCheck(swapped, CHECKER_NODE_OPTIONS)).toEqual({ codeCache: 'rejected', ok: true, violation: false });
  });

  it("the faultline bin starts node with the checker's options, and its check takes the build's cache", async () => {
    const bin = join(repoRoot, 'harness', 'cli', 'faultline.mjs');
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe(`#!/usr/bin/env -S node ${CHECKER_NODE_OPTIONS.join(' ')}`);
    // Run as a program (its first line chooses the interpreter), the way npx and an installed bin run it.
    const r = await execa(bin, ['check', histories.violation, '--model', 'kv'], { reject: false });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).not.toMatch(/code cache/);
  });

  it('without a code cache compiles as usual and decides the same', async () => {
    expect(await loadAndCheck(bundleCopy())).toEqual({ codeCache: 'absent', ok: true, violation: false });
  });

  it('with a cache V8 refuses still decides the same, and says the cache was refused', async () => {
    const garbage = Buffer.alloc(4096, 7);
    expect(await loadAndCheck(bundleCopy(garbage))).toEqual({ codeCache: 'rejected', ok: true, violation: false });
  });

  it('saveCodeCache writes a cache that a fresh process takes', async () => {
    const dir = bundleCopy();
    const r = await execa('node', [
      '--input-type=module',
      '-e',
      `console.log(JSON.stringify((await import(${JSON.stringify(loader)})).saveCodeCache(${JSON.stringify(dir)})))`,
    ]);
    const saved = JSON.parse(r.stdout) as { file: string; bytes: number; histories: number };
    expect(saved.file).toBe(CACHE);
    expect(saved.histories).toBe(6);
    expect(saved.bytes).toBeGreaterThan(10_000);
    expect(existsSync(join(dir, CACHE))).toBe(true);
    expect(await loadAndCheck(dir)).toEqual({ codeCache: 'accepted', ok: true, violation: false });
  });
});

describe('the file checker run from the TypeScript sources', () => {
  it('is imported as it is, with no bundle beside it', async () => {
    const { loadFileChecker } = await import('../../../checkers/linearizability/compiled-checker.ts');
    const { checkHistoryFile, codeCache } = await loadFileChecker();
    expect(codeCache).toBe('unbundled');
    const outcome = checkHistoryFile({ file: histories.violation, model: 'kv' });
    expect(outcome.kind === 'checked' && outcome.result.valid).toBe(false);
  });
});
