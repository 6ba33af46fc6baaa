// The canary matrix as a benchmark (not part of npm test): `faultline selftest` with 5 seeded runs per configuration
// against each Kafka version given (default 4.4.0 and 3.9.1), one after another, and one table of what was caught.
// Usage: npm run bench:canaries [-- --runs 5 --seed 100 --versions 4.4.0,3.9.1 --canary <names> --client <name>]
import { execa } from 'execa';
import { join } from 'node:path';
import { repoRoot } from '../core/paths.ts';
import { canaryTable, type CanaryRow } from '../harness/canary/selftest.ts';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const versions = arg('versions', '4.4.0,3.9.1').split(',');
const runs = arg('runs', '5');
const seed = arg('seed', '100');
const canary = arg('canary', '');
const client = arg('client', '');

const t0 = Date.now();
for (const version of versions) {
  const args = [
    join(repoRoot, 'harness', 'cli', 'faultline.mjs'),
    'selftest',
    '--kafka',
    version,
    '--runs',
    runs,
    '--seed',
    seed,
    '--json',
    ...(canary ? ['--canary', canary] : []),
    ...(client ? ['--client', client] : []),
  ];
  const started = Date.now();
  const r = await execa('node', args, { reject: false, stderr: 'inherit' });
  // A selftest that failed before its table (bad flags, an internal error) prints no JSON: say so, keep going.
  let out: { rows?: CanaryRow[] } = {};
  try {
    out = JSON.parse(r.stdout.trim().split('\n').at(-1) || '{}') as { rows?: CanaryRow[] };
  } catch {
    process.stdout.write(`\nKafka ${version}: selftest printed no table (exit ${r.exitCode}); its stderr above says why\n`);
  }
  process.stdout.write(
    `\n== Kafka ${version}: ${runs} runs per configuration from seed ${seed}, exit ${r.exitCode}, ${Math.round((Date.now() - started) / 60000)} min\n`,
  );
  process.stdout.write(`${canaryTable(out.rows ?? [])}\n`);
}
process.stdout.write(`\nwall-clock ${Math.round((Date.now() - t0) / 60000)} min\n`);
