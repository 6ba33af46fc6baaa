// Runs the file checker once over small generated histories — every generated model, linearizable and with a planted
// violation — so that every function a typical check runs has been compiled. The build does this before it saves the
// checker's V8 code cache (compiled-checker.ts): a function that never ran has no bytecode to save.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkHistoryFile } from './check-file.ts';
import { GENERATED_MODELS, generateHistory, toJsonl } from './generate-history.ts';

/** Client operations per warm-up history: enough to reach every branch of the search, a few ms each. */
const WARM_UP_OPS = 300;

/** Checks one small history per generated model and verdict; returns the verdicts, for the caller to verify. */
export function warmUp(): Array<{ model: string; violation: boolean; valid: unknown }> {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-warm-up-'));
  try {
    return GENERATED_MODELS.flatMap((model) =>
      [false, true].map((violation) => {
        const file = join(dir, `${model}-${violation ? 'violation' : 'ok'}.jsonl`);
        writeFileSync(file, toJsonl(generateHistory({ model, clients: 5, ops: WARM_UP_OPS, crashRate: 0.02, violation, seed: 1 })));
        const outcome = checkHistoryFile({ file, model }, {});
        return { model, violation, valid: outcome.kind === 'checked' ? outcome.result.valid : outcome.message };
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
