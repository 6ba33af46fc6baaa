// Plugin options: every workload, fault family and manual fault action declares its options as a schema (name, type,
// default, help, validation). The CLI flags, the validation of spec.json and of `faultline nemesis` are built from
// these schemas, and plugins read the validated values back — no central list to edit when a plugin is added.
import { UserError } from './errors.ts';

export type OptionValue = string | number | boolean;

export type OptionKind =
  | { type: 'int'; min: number; max: number }
  | { type: 'number'; min: number; max: number }
  | { type: 'choice'; choices: readonly string[] }
  | { type: 'list'; choices: readonly string[] }
  /** `check` returns why a value is refused, or undefined when it is fine. */
  | { type: 'string'; check?: (value: string) => string | undefined }
  | { type: 'boolean' };

export interface OptionSpec {
  /** kebab-case, e.g. "max-skew"; its flag is --max-skew (fault options of `faultline test`: --<family>-max-skew). */
  name: string;
  kind: OptionKind;
  help: string;
  /** Used when the option is not given (and shown in --help); none = the plugin derives a value itself. */
  default?: OptionValue;
}

export const camelCase = (kebab: string): string => kebab.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Commander flag text for an option, e.g. "--max-skew <s>" or "--txn". */
export function flagText(spec: OptionSpec, prefix = ''): string {
  const flag = `--${prefix}${spec.name}`;
  const arg: Record<OptionKind['type'], string> = { int: '<n>', number: '<x>', choice: '<choice>', list: '<list>', string: '<value>', boolean: '' };
  return spec.kind.type === 'boolean' ? flag : `${flag} ${arg[spec.kind.type]}`;
}

/** Help text for an option: its own help, its allowed values, and its default. */
export function helpText(spec: OptionSpec): string {
  const k = spec.kind;
  const allowed =
    k.type === 'choice' || k.type === 'list'
      ? ` (${k.type === 'list' ? 'comma-separated: ' : ''}${k.choices.join(', ')})`
      : k.type === 'int' || k.type === 'number'
        ? ` (${k.min}..${k.max})`
        : '';
  return `${spec.help}${allowed}${spec.default !== undefined ? `; default ${spec.default}` : ''}`;
}

function validate(spec: OptionSpec, raw: unknown, flag: string): OptionValue {
  const k = spec.kind;
  const text = String(raw);
  const fail = (why: string): never => {
    throw new UserError(`${flag} ${text}: ${why}`);
  };
  switch (k.type) {
    case 'boolean':
      if (raw === true || raw === 'true') return true;
      if (raw === false || raw === 'false') return false;
      return fail('must be true or false');
    case 'int':
    case 'number': {
      const n = typeof raw === 'number' ? raw : /^\s*-?(\d+\.?\d*|\.\d+)(e-?\d+)?\s*$/i.test(text) ? Number(text) : NaN;
      if (!Number.isFinite(n) || (k.type === 'int' && !Number.isInteger(n))) return fail(k.type === 'int' ? 'must be a whole number' : 'must be a number');
      if (n < k.min || n > k.max) return fail(`must be from ${k.min} to ${k.max}`);
      return n;
    }
    case 'choice':
      if (!k.choices.includes(text)) return fail(`must be one of ${k.choices.join(', ')}`);
      return text;
    case 'list': {
      const items = text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const bad = items.filter((i) => !k.choices.includes(i));
      if (items.length === 0 || bad.length > 0) return fail(`give a comma-separated list of ${k.choices.join(', ')}`);
      return [...new Set(items)].join(',');
    }
    case 'string': {
      const why = k.check?.(text);
      if (why) fail(why);
      return text;
    }
  }
}

/** Validated option values of one plugin, read back by name. */
export class Options {
  private constructor(
    private readonly schema: Map<string, OptionSpec>,
    private readonly given: Record<string, OptionValue>,
    readonly owner: string,
  ) {}

  /**
   * Validates `raw` (keyed by option name, from CLI flags or spec.json) against the schema. An unknown key or a bad
   * value is a UserError naming the flag it came from (`flagOf`), so the user knows what to fix.
   */
  static parse(schema: readonly OptionSpec[], raw: Record<string, unknown>, owner: string, flagOf: (name: string) => string = (n) => `--${n}`): Options {
    const byName = new Map(schema.map((s) => [s.name, s]));
    const given: Record<string, OptionValue> = {};
    for (const [name, value] of Object.entries(raw)) {
      if (value === undefined) continue;
      const spec = byName.get(name);
      if (!spec)
        throw new UserError(
          `${flagOf(name)}: not an option of ${owner}${schema.length > 0 ? ` (its options: ${schema.map((s) => flagOf(s.name)).join(', ')})` : ' (it has none)'}`,
        );
      given[name] = validate(spec, value, flagOf(name));
    }
    return new Options(byName, given, owner);
  }

  /** The values given (not defaults), normalised: what a spec.json stores. */
  values(): Record<string, OptionValue> {
    return { ...this.given };
  }

  /** Whether the schema has this option (a plugin reading a shared settings object may ask). */
  declares(name: string): boolean {
    return this.schema.has(name);
  }

  has(name: string): boolean {
    return this.given[name] !== undefined;
  }

  private value(name: string): OptionValue | undefined {
    const spec = this.schema.get(name);
    if (!spec) throw new Error(`${this.owner} reads option ${name}, which its schema does not declare`);
    return this.given[name] ?? spec.default;
  }

  private required(name: string): OptionValue {
    const v = this.value(name);
    if (v === undefined) throw new Error(`${this.owner}: option ${name} has no value and no default`);
    return v;
  }

  number(name: string): number {
    return Number(this.required(name));
  }

  optionalNumber(name: string): number | undefined {
    const v = this.value(name);
    return v === undefined ? undefined : Number(v);
  }

  string(name: string): string {
    return String(this.required(name));
  }

  optionalString(name: string): string | undefined {
    const v = this.value(name);
    return v === undefined ? undefined : String(v);
  }

  flag(name: string): boolean {
    return this.value(name) === true;
  }

  choice<T extends string>(name: string): T {
    return this.string(name) as T;
  }

  list<T extends string>(name: string): T[] {
    return this.string(name).split(',') as T[];
  }
}

/** Short constructors for option schemas. */
export const option = {
  int: (name: string, help: string, min: number, max: number, dflt?: number): OptionSpec => ({ name, help, kind: { type: 'int', min, max }, default: dflt }),
  number: (name: string, help: string, min: number, max: number, dflt?: number): OptionSpec => ({
    name,
    help,
    kind: { type: 'number', min, max },
    default: dflt,
  }),
  choice: (name: string, help: string, choices: readonly string[], dflt?: string): OptionSpec => ({
    name,
    help,
    kind: { type: 'choice', choices },
    default: dflt,
  }),
  list: (name: string, help: string, choices: readonly string[], dflt: readonly string[] = choices): OptionSpec => ({
    name,
    help,
    kind: { type: 'list', choices },
    default: dflt.join(','),
  }),
  string: (name: string, help: string, dflt?: string, check?: (v: string) => string | undefined): OptionSpec => ({
    name,
    help,
    kind: { type: 'string', check },
    default: dflt,
  }),
  flag: (name: string, help: string): OptionSpec => ({ name, help, kind: { type: 'boolean' } }),
};
