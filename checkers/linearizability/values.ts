// Value identity for models: canonical keys for arbitrary JSON-like values, an interner that turns them into small
// integers (so register states are plain numbers), and cheap integer hashing helpers.

/** A canonical text for a value: equal values (deep, key order ignored) get equal keys; types are kept apart. */
export function canonicalKey(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  switch (typeof value) {
    case 'number':
      return `n${value}`;
    case 'string':
      return `s${JSON.stringify(value)}`;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return `n${value.toString()}`;
    default:
      break;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalKey).join(',')}]`;
  if (value instanceof Set) return `#{${[...value].map(canonicalKey).sort().join(',')}}`;
  if (value instanceof Map) {
    const entries = [...value.entries()].map(([k, v]) => `${canonicalKey(k)}:${canonicalKey(v)}`);
    return `{${entries.sort().join(',')}}`;
  }
  const record = value as Record<string, unknown>;
  const entries = Object.keys(record)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalKey(record[k])}`);
  return `{${entries.join(',')}}`;
}

/** Deep equality on JSON-like values, by canonical key. */
export const sameValue = (a: unknown, b: unknown): boolean => a === b || canonicalKey(a) === canonicalKey(b);

/** Short human rendering of a value for explanations (JSON, with null shown as nil). */
export function renderValue(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return value.toString();
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Maps values to dense integer ids (deep equality). Id 0 is always nil/null, so "absent" and "unknown" compare as
 * integers too.
 */
export class ValueInterner {
  static readonly NIL = 0;
  private readonly ids = new Map<string, number>([['nil', 0]]);
  private readonly values: unknown[] = [null];

  id(value: unknown): number {
    const key = canonicalKey(value);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(key, id);
      this.values.push(value);
    }
    return id;
  }

  value(id: number): unknown {
    return this.values[id];
  }

  render(id: number): string {
    return renderValue(this.values[id]);
  }
}

/** Mixes a running 32-bit hash with one more integer (order-sensitive). */
export const mixHash = (hash: number, value: number): number => Math.imul(hash ^ value, 0x01000193) | 0;

/** FNV-style hash of a list of integers, order-sensitive. */
export function hashInts(values: ArrayLike<number>): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < values.length; i++) h = mixHash(h, values[i]!);
  return h;
}

/** Element-wise equality of two integer lists. */
export function sameInts(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * An array of `length` undefined slots meant for any kind of value. Filled with undefined from the start, it has V8's
 * generic element kind at once, so every array made here has the same hidden class whatever it will hold: code
 * optimized on one search's arrays is not thrown away ("wrong map") when the next search's arrays arrive.
 */
export function anyValues<T>(length: number): T[] {
  return new Array<T>(length).fill(undefined as T);
}
