// Run directories: store/<test>/<timestamp>/ with spec.json, history.jsonl, results.json, report.html, nodes/,
// segments/; store/latest.
import { existsSync, lstatSync, mkdirSync, readlinkSync, renameSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { storeDir } from '../../core/paths.ts';
import type { TestSpec } from '../../core/spec.ts';

export interface RunDir {
  path: string;
  history: string;
  spec: string;
  results: string;
  report: string;
  junit: string;
  nodes: string;
  /** The workload topics' stored segments per broker (systems/kafka/segment-dump.ts). */
  segments: string;
}

const timestamp = (d: Date): string =>
  d
    .toISOString()
    .replace(/[:]/g, '')
    .replace(/\.(\d{3})Z$/, '.$1Z');

export function runDirPaths(path: string): RunDir {
  return {
    path,
    history: join(path, 'history.jsonl'),
    spec: join(path, 'spec.json'),
    results: join(path, 'results.json'),
    report: join(path, 'report.html'),
    junit: join(path, 'junit.xml'),
    nodes: join(path, 'nodes'),
    segments: join(path, 'segments'),
  };
}

/** Makes a new, never-existing run directory and points store/latest at it. */
export function createRunDir(spec: TestSpec, root = storeDir()): RunDir {
  let path = join(root, spec.name, timestamp(new Date()));
  for (let i = 1; existsSync(path); i++) path = join(root, spec.name, `${timestamp(new Date())}-${i}`);
  mkdirSync(path, { recursive: true });
  const dir = runDirPaths(path);
  writeFileSync(dir.spec, JSON.stringify(spec, null, 2) + '\n');
  pointLatest(root, path);
  return dir;
}

function pointLatest(root: string, target: string): void {
  const link = join(root, 'latest');
  const tmp = `${link}.${process.pid}`;
  symlinkSync(relative(root, target), tmp);
  try {
    renameSync(tmp, link);
  } catch {
    if (existsSync(link) && lstatSync(link).isSymbolicLink()) unlinkSync(link);
    renameSync(tmp, link);
  }
}

export function latestRun(root = storeDir()): string | undefined {
  const link = join(root, 'latest');
  return existsSync(link) ? join(root, readlinkSync(link)) : undefined;
}
