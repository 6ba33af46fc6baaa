// The CI examples are parsed, and every faultline command in them is parsed by faultline's own CLI definition: real
// commands and flags only. They shard the release suite over a matrix / an Indexed Job whose index is the shard, merge
// the shards, keep results, call the installed binary with exec (never npx, which does not forward SIGINT).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import type { Command } from 'commander';
import { repoRoot } from '../../../core/paths.ts';
import { buildProgram } from '../../../harness/cli/main.ts';
import { parseShard } from '../../../harness/suite/shard.ts';

const EXAMPLES = join(repoRoot, 'examples');
const read = (path: string): string => readFileSync(join(EXAMPLES, path), 'utf8');

/** Sample values for what CI fills in, so a command line can be parsed as the shell would hand it over. */
const SAMPLES: Array<[RegExp, string]> = [
  [/\$\{\{\s*matrix\.shard\s*\}\}/g, '2'],
  [/\$\(\(JOB_COMPLETION_INDEX \+ 1\)\)/g, '2'],
  [/\$\{?SHARDS\}?/g, '4'],
  [/\$\{?KAFKA_VERSION\}?/g, '4.4.0'],
  [/\$\{?RUN_ID\}?/g, '20261202t020000z'],
];

/** Shell words of a command line: quotes removed, CI placeholders filled in. */
function words(line: string): string[] {
  let text = line;
  for (const [pattern, value] of SAMPLES) text = text.replace(pattern, value);
  return [...text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** The argument lists of every `faultline …` command in a script (continuation lines joined; up to ; && || or a newline). */
function faultlineCommands(script: string): string[][] {
  const joined = script.replace(/\\\n/g, ' ');
  return [...joined.matchAll(/(?:^|[\s;&|(])faultline\s+([^\n;&|]+)/g)].map((m) => words(m[1]!));
}

/** Parses `faultline <args>` with the real CLI definition, running nothing; returns the command path and its options. */
function parseWithCli(args: string[]): { path: string[]; options: Record<string, unknown>; operands: unknown[] } {
  const program = buildProgram();
  let seen: { path: string[]; options: Record<string, unknown>; operands: unknown[] } | undefined;
  const silence = (cmd: Command, path: string[]): void => {
    cmd.exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    for (const sub of cmd.commands) silence(sub, [...path, sub.name()]);
    cmd.action((...values: unknown[]) => {
      const self = values.at(-1) as Command;
      seen = { path, options: self.opts(), operands: values.slice(0, -2) };
    });
  };
  silence(program, []);
  program.parse(['node', 'faultline', ...args]);
  return seen!;
}

describe('GitHub Actions nightly workflow (examples/ci)', () => {
  const text = read('ci/faultline-nightly.yml');
  const workflow = parse(text) as {
    env: Record<string, unknown>;
    jobs: Record<
      string,
      {
        needs?: string;
        if?: string;
        strategy?: { matrix: { shard: number[] }; 'fail-fast'?: boolean };
        steps: Array<{ run?: string; uses?: string; with?: Record<string, unknown>; if?: string }>;
      }
    >;
  };
  const runs = (job: string): string[] => workflow.jobs[job]!.steps.flatMap((s) => (s.run ? [s.run] : []));

  it('shards the release suite over a matrix and runs the real command with real flags', () => {
    const matrix = workflow.jobs.shards!.strategy!.matrix.shard;
    expect(workflow.jobs.shards!.strategy!['fail-fast']).toBe(false);
    expect(workflow.env.SHARDS).toBe(matrix.length);
    expect(matrix).toEqual(Array.from({ length: matrix.length }, (_, i) => i + 1));
    const commands = runs('shards').flatMap(faultlineCommands);
    expect(commands).toHaveLength(1);
    // The CLI definition refuses what faultline does not have, so parsing is a real check.
    expect(() => parseWithCli(['suite', 'release', '--shards', '1/4'])).toThrow(/unknown option '--shards'/);
    expect(() => parseWithCli(['suites', 'release'])).toThrow(/unknown command|too many arguments/);
    const parsed = parseWithCli(commands[0]!);
    expect(parsed.path).toEqual(['suite']);
    expect(parsed.operands).toEqual(['release']);
    expect(parseShard(String(parsed.options.shard))).toEqual({ index: 2, count: matrix.length });
    expect(parsed.options).toMatchObject({ kafka: '4.4.0', retryUnknown: 1, baseline: 'examples/ci/faultline-baseline.json' });
    expect(JSON.parse(readFileSync(join(repoRoot, String(parsed.options.baseline)), 'utf8'))).toEqual({ suite: 'release', accepted: [] });
  });

  it('merges the shards after they all ended, publishes JUnit and uploads the stores', () => {
    const merge = workflow.jobs.merge!;
    expect(merge.needs).toBe('shards');
    expect(merge.if).toBe('always()');
    const commands = runs('merge').flatMap(faultlineCommands);
    expect(commands).toHaveLength(1);
    const parsed = parseWithCli(commands[0]!);
    expect(parsed.path).toEqual(['suite', 'merge']);
    expect(parsed.operands).toEqual([['shards/*/suites/release/*-shard-*-of-4']]);
    const uses = (job: string) => workflow.jobs[job]!.steps.flatMap((s) => (s.uses ? [s] : []));
    expect(uses('merge').find((s) => s.uses!.startsWith('actions/download-artifact@'))!.with).toMatchObject({ pattern: 'faultline-shard-*' });
    expect(uses('merge').find((s) => s.uses!.startsWith('mikepenz/action-junit-report@'))!.with!.report_paths).toBe('store/suites/release/*/junit.xml');
    for (const job of ['shards', 'merge'])
      expect(
        uses(job).some((s) => s.uses!.startsWith('actions/upload-artifact@') && s.if === 'always()'),
        job,
      ).toBe(true);
  });

  it('caches the Kafka jars and the node image where faultline keeps them', () => {
    const caches = workflow.jobs.shards!.steps.filter((s) => s.uses?.startsWith('actions/cache@')).map((s) => String(s.with!.path));
    expect(workflow.env.FAULTLINE_CACHE).toBe('${{ github.workspace }}/.faultline-cache');
    expect(caches.some((p) => p.includes('.faultline-cache/kafka') && p.includes('.faultline-cache/m2'))).toBe(true);
    expect(caches.some((p) => p.includes('node-image.tar'))).toBe(true);
    expect(text).toContain('docker load -i .faultline-cache/node-image.tar');
    expect(text).toContain('docker image save -o .faultline-cache/node-image.tar');
  });

  it('calls the installed binary with exec, never npx or npm exec, so signals reach faultline', () => {
    expect(text).toContain('npm install --global .');
    expect(text).not.toMatch(/\bnpx\b[^\n]*faultline|npm (exec|run) faultline/);
    for (const script of [...runs('shards'), ...runs('merge')].filter((s) => faultlineCommands(s).length > 0)) expect(script.trim()).toMatch(/^exec /);
  });
});

describe('Kubernetes Indexed Job (examples/kubernetes)', () => {
  const fill = (path: string): string => read(path).replace(/\$\{RUN_ID\}/g, '20261202t020000z');
  const docs = (path: string) =>
    parseAllDocuments(fill(path)).map(
      (d) =>
        d.toJS() as {
          kind: string;
          spec: Record<string, unknown> & {
            template: {
              spec: { containers: Array<{ command: string[]; securityContext?: { privileged?: boolean } }>; terminationGracePeriodSeconds?: number };
            };
          };
        },
    );
  const shardsJob = docs('kubernetes/shards-job.yaml').find((d) => d.kind === 'Job')!;
  const mergeJob = docs('kubernetes/merge-job.yaml').find((d) => d.kind === 'Job')!;

  it('is an Indexed Job whose completion index is the shard, running the real command with real flags', () => {
    expect(shardsJob.spec).toMatchObject({ completionMode: 'Indexed', backoffLimitPerIndex: 0 });
    const count = shardsJob.spec.completions as number;
    expect(shardsJob.spec.parallelism).toBe(count);
    const pod = shardsJob.spec.template.spec;
    expect(pod.containers[0]!.securityContext?.privileged).toBe(true);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(120);
    const script = pod.containers[0]!.command.at(-1)!;
    expect(script).toContain('$((JOB_COMPLETION_INDEX + 1))/$SHARDS');
    const commands = faultlineCommands(script);
    expect(commands).toHaveLength(1);
    const parsed = parseWithCli(commands[0]!);
    expect(parsed.path).toEqual(['suite']);
    expect(parsed.operands).toEqual(['release']);
    // Index 1 (the second pod) runs shard 2 of `count`.
    expect(parseShard(String(parsed.options.shard))).toEqual({ index: 2, count });
    expect(script).toMatch(/exec faultline suite/);
  });

  it('a merge Job combines the shards of the run; run.sh waits for the shards, then the merge, and exits with its code', () => {
    const script = mergeJob.spec.template.spec.containers[0]!.command.at(-1)!;
    const parsed = parseWithCli(faultlineCommands(script)[0]!);
    expect(parsed.path).toEqual(['suite', 'merge']);
    expect(parsed.operands).toEqual([[`/results/20261202t020000z/shard-*/suites/release/*-shard-*-of-${shardsJob.spec.completions}`]]);
    const run = read('kubernetes/run.sh');
    expect(run.indexOf('shards-job.yaml')).toBeLessThan(run.indexOf('merge-job.yaml'));
    expect(run).toMatch(/grep -Eq 'Complete\|Failed'/);
    expect(run).toMatch(/exit "\$code"/);
  });

  it('the image installs faultline as a command and runs it under tini, never through npx', () => {
    const dockerfile = read('kubernetes/Dockerfile');
    expect(dockerfile).toContain('npm install --global .');
    expect(dockerfile).toContain('ENTRYPOINT ["tini", "--"]');
    for (const file of ['kubernetes/shards-job.yaml', 'kubernetes/merge-job.yaml', 'kubernetes/run.sh', 'kubernetes/Dockerfile'])
      expect(read(file), file).not.toMatch(/\bnpx\b|npm exec/);
  });
});
