// Writes one generated history as faultline JSONL on stdout (or into --out). Usage:
//   tsx scripts/bench-vs-porcupine/generate.ts --model register|cas-register|kv --clients 5 --ops 10000
//       [--crash-rate 0.01] [--violation] [--seed 1] [--values 5] [--keys 10] [--out FILE]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { GENERATED_MODELS, generateHistory, toJsonl, type GeneratedModel } from '../../checkers/linearizability/generate-history.ts';

const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: 'register' },
    clients: { type: 'string', default: '5' },
    ops: { type: 'string', default: '1000' },
    'crash-rate': { type: 'string', default: '0.01' },
    violation: { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    values: { type: 'string' },
    keys: { type: 'string' },
    out: { type: 'string' },
  },
});

if (!GENERATED_MODELS.includes(args.model as GeneratedModel)) {
  process.stderr.write(`--model must be one of ${GENERATED_MODELS.join(', ')}\n`);
  process.exit(254);
}
const text = toJsonl(
  generateHistory({
    model: args.model as GeneratedModel,
    clients: Number(args.clients),
    ops: Number(args.ops),
    crashRate: Number(args['crash-rate']),
    violation: args.violation,
    seed: Number(args.seed),
    ...(args.values !== undefined ? { values: Number(args.values) } : {}),
    ...(args.keys !== undefined ? { keys: Number(args.keys) } : {}),
  }),
);
if (args.out) writeFileSync(args.out, text);
else process.stdout.write(text);
