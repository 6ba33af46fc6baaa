// The faultline side of the side-by-side benchmark: loads one history file and checks it in this process, then
// prints one JSON line {"verdict","loadMs","checkMs","stats"} — the same shape porcupine-checker prints.
// Usage: node --import tsx scripts/bench-vs-porcupine/faultline-checker.ts --model M [--timeout S] [--memory MB] FILE
import { parseArgs } from 'node:util';
import { checkLinearizability } from '../../checkers/linearizability/index.ts';
import { loadHistory } from '../../core/history/formats/index.ts';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    model: { type: 'string', default: 'register' },
    timeout: { type: 'string', default: '120' },
    memory: { type: 'string' },
  },
});
if (positionals.length !== 1) {
  process.stderr.write('usage: faultline-checker.ts --model M [--timeout S] [--memory MB] FILE\n');
  process.exit(254);
}

const started = performance.now();
const { ops } = loadHistory(positionals[0]!);
const loaded = performance.now();
const result = checkLinearizability(ops, {
  model: args.model,
  timeoutMs: Number(args.timeout) * 1000,
  ...(args.memory !== undefined ? { memoryMB: Number(args.memory) } : {}),
});
const checked = performance.now();
const round = (ms: number): number => Math.round(ms * 1000) / 1000;
process.stdout.write(
  JSON.stringify({ verdict: String(result.valid), loadMs: round(loaded - started), checkMs: round(checked - loaded), stats: result.stats }) + '\n',
);
