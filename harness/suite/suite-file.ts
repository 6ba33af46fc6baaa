// Reading a suite file: JSON or YAML, its top level checked with a schema. Every problem is one UserError line naming
// the file and the path inside it (e.g. `suites/x.yaml: tests[2].acks: …`); the test entries are checked in entries.ts.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { z } from 'zod';
import { UserError, errorMessage } from '../../core/errors.ts';
import { testSpecSchema } from '../../core/spec.ts';

export type EntryValue = unknown;
export type Entry = Record<string, EntryValue>;

export const suiteFileSchema = z
  .object({
    name: testSpecSchema.shape.name,
    description: z.string().optional(),
    /** Settings every test starts from (any key a test entry may have); a test's own keys win. */
    defaults: z.record(z.unknown()).optional(),
    tests: z.array(z.record(z.unknown())).min(1, 'a suite needs at least one test'),
  })
  .strict();

export type SuiteFile = z.infer<typeof suiteFileSchema>;

/** `tests[2].acks` from a zod path. */
export function pathText(path: ReadonlyArray<string | number>): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part), '');
}

function zodProblem(file: string, error: z.ZodError): UserError {
  const issue = error.issues[0]!;
  const where = pathText(issue.path) || '(top level)';
  if (issue.code === 'invalid_type' && issue.received === 'undefined') return new UserError(`${file}: ${where}: missing`);
  return new UserError(`${file}: ${where}: ${issue.message}`);
}

/** Parses the text of a suite file by its extension: .json, or .yaml/.yml (YAML 1.2, duplicate keys refused). */
export async function parseSuiteText(file: string, text: string): Promise<unknown> {
  const ext = extname(file).toLowerCase();
  if (ext === '.json') {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new UserError(`${file}: not valid JSON (${errorMessage(e)})`);
    }
  }
  if (ext === '.yaml' || ext === '.yml') {
    const { parseDocument } = await import('yaml');
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    const problem = doc.errors[0];
    if (problem) {
      const at = problem.linePos?.[0];
      const what = problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      throw new UserError(`${file}${at ? `:${at.line}:${at.col}` : ''}: not valid YAML (${what})`);
    }
    return doc.toJS();
  }
  throw new UserError(`${file}: a suite file is .json, .yaml or .yml`);
}

export async function readSuiteFile(file: string): Promise<SuiteFile> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(`${file}: cannot read it (${errorMessage(e)})`);
  }
  const raw = await parseSuiteText(file, text);
  // Unknown keys first: a misspelt key is the likely reason a required one is missing.
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const unknown = Object.keys(raw).filter((k) => !(k in suiteFileSchema.shape));
    if (unknown.length > 0)
      throw new UserError(
        `${file}: ${unknown.join(', ')}: unknown key (a suite file has ${Object.keys(suiteFileSchema.shape)
          .join(', ')
          .replace(/, (\w+)$/, ' and $1')})`,
      );
  }
  const parsed = suiteFileSchema.safeParse(raw);
  if (!parsed.success) throw zodProblem(file, parsed.error);
  return parsed.data;
}
