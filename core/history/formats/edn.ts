// A small EDN reader producing plain JS values, as histories need them: keywords and symbols become strings without
// the colon, nil → null, vectors/lists/sets → arrays, maps → objects (non-string keys are printed as JSON), `#inst`
// and `#uuid` → their string, record literals such as `#jepsen.history.Op{...}` → their map. Any other tag, an
// unbalanced bracket or a bad token is a HistoryFormatError naming the line. Integers beyond 2^53 lose precision.
import { HistoryFormatError } from './errors.ts';

const DELIMITERS = new Set(['(', ')', '[', ']', '{', '}', '"', ';']);
const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CHAR_NAMES: Record<string, string> = { newline: '\n', space: ' ', tab: '\t', return: '\r', backspace: '\b', formfeed: '\f' };
const STRING_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };
const NUMBER = /^[+-]?\d+(\.\d*)?([eE][+-]?\d+)?[NM]?$/;
const RATIO = /^[+-]?\d+\/\d+$/;

const isWhitespace = (c: string): boolean => c === ' ' || c === ',' || c === '\n' || c === '\t' || c === '\r' || c === '\f';

export class EdnReader {
  private pos = 0;
  /** 1-based line of the reading position. */
  line: number;

  constructor(
    private readonly text: string,
    private readonly source: string,
    firstLine = 1,
  ) {
    this.line = firstLine;
  }

  fail(problem: string, line = this.line): never {
    throw new HistoryFormatError(this.source, line, problem);
  }

  /** Skips whitespace (commas included), `;` comments and `#_` discarded forms. */
  skipWhitespace(): void {
    const { text } = this;
    while (this.pos < text.length) {
      const c = text[this.pos]!;
      if (c === '\n') {
        this.line++;
        this.pos++;
      } else if (isWhitespace(c)) {
        this.pos++;
      } else if (c === ';') {
        while (this.pos < text.length && text[this.pos] !== '\n') this.pos++;
      } else if (c === '#' && text[this.pos + 1] === '_') {
        this.pos += 2;
        this.readForm();
      } else {
        return;
      }
    }
  }

  atEnd(): boolean {
    this.skipWhitespace();
    return this.pos >= this.text.length;
  }

  /** The next significant character ('' at the end), without consuming it. */
  peek(): string {
    this.skipWhitespace();
    return this.text[this.pos] ?? '';
  }

  /** Consumes `c`, which must be the next significant character. */
  expect(c: string): void {
    if (this.peek() !== c) this.fail(`expected '${c}' but found ${this.pos < this.text.length ? `'${this.text[this.pos]}'` : 'end of input'}`);
    this.pos++;
  }

  readForm(): unknown {
    this.skipWhitespace();
    if (this.pos >= this.text.length) this.fail('unexpected end of input: a form is missing');
    const c = this.text[this.pos]!;
    switch (c) {
      case '[':
      case '(':
        return this.readSequence(c);
      case '{':
        return this.readMap();
      case '"':
        return this.readString();
      case ']':
      case ')':
      case '}':
        return this.fail(`unbalanced '${c}': nothing to close`);
      case '#':
        return this.readDispatch();
      case '\\':
        return this.readCharacter();
      default:
        return this.readAtom();
    }
  }

  private readSequence(open: string): unknown[] {
    const startLine = this.line;
    const close = CLOSERS[open]!;
    this.pos++;
    const items: unknown[] = [];
    for (;;) {
      this.skipWhitespace();
      if (this.pos >= this.text.length) this.fail(`unbalanced '${open}' opened on line ${startLine}: end of input before '${close}'`);
      const c = this.text[this.pos]!;
      if (c === close) {
        this.pos++;
        return items;
      }
      if (c === ')' || c === ']' || c === '}') this.fail(`mismatched '${c}': '${open}' opened on line ${startLine} expects '${close}'`);
      items.push(this.readForm());
    }
  }

  private readMap(): Record<string, unknown> {
    const startLine = this.line;
    const entries = this.readSequence('{');
    if (entries.length % 2 !== 0) this.fail(`map opened on line ${startLine} has an odd number of forms`, startLine);
    const map: Record<string, unknown> = {};
    for (let i = 0; i < entries.length; i += 2) {
      const key = entries[i];
      const name = typeof key === 'string' ? key : JSON.stringify(key);
      Object.defineProperty(map, name, { value: entries[i + 1], enumerable: true, writable: true, configurable: true });
    }
    return map;
  }

  private readString(): string {
    const startLine = this.line;
    const { text } = this;
    this.pos++;
    let out = '';
    for (;;) {
      if (this.pos >= text.length) this.fail(`string opened on line ${startLine} is not closed`, startLine);
      const c = text[this.pos++]!;
      if (c === '"') return out;
      if (c === '\n') this.line++;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const escaped = text[this.pos++] ?? '';
      if (escaped === 'u') {
        const hex = text.slice(this.pos, this.pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail(`bad unicode escape '\\u${hex}'`);
        out += String.fromCharCode(parseInt(hex, 16));
        this.pos += 4;
      } else if (escaped in STRING_ESCAPES) {
        out += STRING_ESCAPES[escaped];
      } else {
        this.fail(`bad string escape '\\${escaped}'`);
      }
    }
  }

  private readCharacter(): string {
    this.pos++;
    const token = this.readToken();
    if (token.length === 0) {
      // A delimiter character such as \( or \".
      const c = this.text[this.pos];
      if (c === undefined) this.fail('a character literal is missing its character');
      this.pos++;
      return c;
    }
    if (token.length === 1) return token;
    if (token in CHAR_NAMES) return CHAR_NAMES[token]!;
    if (/^u[0-9a-fA-F]{4}$/.test(token)) return String.fromCharCode(parseInt(token.slice(1), 16));
    return this.fail(`unknown character literal '\\${token}'`);
  }

  private readDispatch(): unknown {
    const next = this.text[this.pos + 1];
    if (next === '{') {
      this.pos++;
      return this.readSequence('{');
    }
    if (next === '#') {
      this.pos += 2;
      const token = this.readToken();
      if (token === 'Inf') return Infinity;
      if (token === '-Inf') return -Infinity;
      if (token === 'NaN') return NaN;
      return this.fail(`unknown symbolic value '##${token}'`);
    }
    const line = this.line;
    this.pos++;
    const tag = this.readToken();
    if (tag.length === 0) this.fail(`'#' must be followed by a tag, '{' or '_'`);
    const value = this.readForm();
    if ((tag === 'inst' || tag === 'uuid') && typeof value === 'string') return value;
    const isRecord = /^[A-Za-z_][\w-]*(\.[\w-]+)+$/.test(tag) && value !== null && typeof value === 'object' && !Array.isArray(value);
    if (isRecord) return value;
    return this.fail(`unknown tag '#${tag}'`, line);
  }

  private readToken(): string {
    const { text } = this;
    const start = this.pos;
    while (this.pos < text.length) {
      const c = text[this.pos]!;
      if (isWhitespace(c) || DELIMITERS.has(c)) break;
      this.pos++;
    }
    return text.slice(start, this.pos);
  }

  private readAtom(): unknown {
    const token = this.readToken();
    if (token.length === 0) this.fail(`unexpected character '${this.text[this.pos]}'`);
    if (token === 'nil') return null;
    if (token === 'true') return true;
    if (token === 'false') return false;
    if (token.startsWith(':')) {
      if (token.length === 1) this.fail(`a keyword needs a name after ':'`);
      return token.slice(1);
    }
    if (NUMBER.test(token)) return Number(token.replace(/[NM]$/, ''));
    if (RATIO.test(token)) {
      const [numerator, denominator] = token.split('/').map(Number) as [number, number];
      return numerator / denominator;
    }
    if (/^[+-]?\d/.test(token)) this.fail(`bad number '${token}'`);
    return token; // a symbol
  }
}

/** Reads one complete EDN form from `text` (nothing else may follow). */
export function readEdn(text: string, source = '<edn>', firstLine = 1): unknown {
  const reader = new EdnReader(text, source, firstLine);
  const value = reader.readForm();
  if (!reader.atEnd()) reader.fail(`unexpected '${reader.peek()}' after the form`);
  return value;
}

/**
 * The maps of an EDN history, each with the line it starts on: either one top-level vector of maps, or a sequence
 * of top-level maps (typically one per line).
 */
export function readEdnRecords(text: string, source: string): Array<{ line: number; record: Record<string, unknown> }> {
  const reader = new EdnReader(text, source);
  const records: Array<{ line: number; record: Record<string, unknown> }> = [];
  const inVector = reader.peek() === '[';
  if (inVector) reader.expect('[');
  for (;;) {
    const c = reader.peek();
    if (c === '') {
      if (inVector) reader.fail("unbalanced '[' opened on line 1: end of input before ']'");
      break;
    }
    if (inVector && c === ']') {
      reader.expect(']');
      if (!reader.atEnd()) reader.fail(`unexpected '${reader.peek()}' after the history vector`);
      break;
    }
    const line = reader.line;
    const form = reader.readForm();
    if (form === null || typeof form !== 'object' || Array.isArray(form)) {
      reader.fail(`expected an op map, got ${JSON.stringify(form)}`, line);
    }
    records.push({ line, record: form as Record<string, unknown> });
  }
  return records;
}
