// `faultline baseline write`: a baseline file accepting what a suite run found, to be reviewed and given reasons.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../core/errors.ts';

interface WriteFlags {
  out: string;
  reason?: string;
  link?: string;
  expires?: string;
}

export function registerBaseline(program: Command): void {
  const baseline = program.command('baseline').description('baselines of accepted anomalies for faultline suite --baseline');
  baseline
    .command('write')
    .description('write (or extend) a baseline accepting every anomaly class and unknown verdict a suite run found; entries already in the file are kept')
    .argument('<suite-run>', 'a suite directory (store/suites/<suite>/<timestamp>)')
    .option('--out <file>', 'the baseline file', 'faultline-baseline.json')
    .option('--reason <text>', 'why these are accepted (default: names the suite run; edit it)')
    .option('--link <url>', 'a tracking link for the new entries (shown as text, never fetched)')
    .option('--expires <YYYY-MM-DD>', 'last day the new entries accept anything')
    .action(async (suiteRun: string, flags: WriteFlags) => {
      const [{ readSuiteRecord }, { readBaseline, baselineFileSchema }, { baselineFromRecord }] = await Promise.all([
        import('../suite/store.ts'),
        import('../suite/baseline.ts'),
        import('../suite/baseline-write.ts'),
      ]);
      const record = readSuiteRecord(suiteRun);
      const existing = existsSync(flags.out) ? readBaseline(flags.out) : undefined;
      if (existing?.suite !== undefined && existing.suite !== record.suite)
        throw new UserError(`${flags.out}: suite: the baseline is for suite ${existing.suite}, not ${record.suite}`);
      const reason = flags.reason ?? `found by suite ${record.suite} in ${join(suiteRun)} (${record.startedAt}); say why it is accepted`;
      const written = baselineFromRecord(record, { reason, link: flags.link, expires: flags.expires }, existing);
      const checked = baselineFileSchema.safeParse({ suite: written.suite, accepted: written.accepted });
      if (!checked.success) throw new UserError(`--expires ${flags.expires}: ${checked.error.issues[0]!.message}`);
      writeFileSync(flags.out, JSON.stringify({ suite: written.suite, accepted: written.accepted }, null, 2) + '\n');
      process.stderr.write(`faultline: ${written.added} entr${written.added === 1 ? 'y' : 'ies'} added, ${written.accepted.length - written.added} kept\n`);
      process.stdout.write(`${flags.out}\n`);
    });
}
