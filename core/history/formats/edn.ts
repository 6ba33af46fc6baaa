// An EDN reader producing plain JS values, as histories need them: keywords and symbols become strings without the
// colon, nil → null, vectors/lists/sets → arrays, maps → objects (non-string keys are printed as JSON), `#inst` and
// `#uuid` → their string, record literals such as `#jepsen.history.Op{...}` and any other namespaced tag
// (`#ns/tag form`) → the tagged form, and the Clojure printer's `#error {...}` / `#object [...]` (found in Jepsen
// histories) → their form. Other non-namespaced tags (reserved by EDN), unbalanced brackets and bad tokens are
// HistoryFormatErrors naming the line. Integers beyond 2^53 lose precision.
// It scans character codes and slices tokens once; on a 100,000-op history it is faster than the `edn-data`
// package, and unlike it knows the line of every form.
import { HistoryFormatError } from './errors.ts';

const CLOSER: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CHAR_NAMES: Record<string, string> = { newline: '\n', space: ' ', tab: '\t', return: '\r', backspace: '\b', formfeed: '\f' };
const STRING_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };
const NUMBER = /^[+-]?\d+(\.\d*)?([eE][+-]?\d+)?[NM]?$/;
const RATIO = /^[+-]?\d+\/\d+$/;
const DIGITS = /^\d{1,15}$/;
/** Tags whose value is kept as it is, besides namespaced ones. */
const PLAIN_TAGS = new Set(['error', 'object']);

const NEWLINE = 10;
/** 1 for characters that end a token: whitespace (commas included), brackets, quote, comment. */
const ENDS_TOKEN = new Uint8Array(128);
for (const c of ' ,\n\t\r\f()[]{}";') ENDS_TOKEN[c.charCodeAt(0)] = 1;
/** 1 for whitespace, commas included. */
const WHITESPACE = new Uint8Array(128);
for (const c of ' ,\n\t\r\f') WHITESPACE[c.charCodeAt(0)] = 1;

const isRecordTag = (tag: string): boolean => /^[A-Za-z_][\w-]*(\.[\w-]+)+$/.test(tag);
const isNamespacedTag = (tag: string): boolean => /^[A-Za-z][\w.*+!?$%&=<>-]*\/[\w.*+!?$%&=<>-]+$/.test(tag);

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
    const length = text.length;
    let pos = this.pos;
    while (pos < length) {
      const c = text.charCodeAt(pos);
      if (c === NEWLINE) {
        this.line++;
        pos++;
      } else if (c < 128 && WHITESPACE[c] === 1) {
        pos++;
      } else if (c === 59 /* ; */) {
        const end = text.indexOf('\n', pos);
        pos = end < 0 ? length : end;
      } else if (c === 35 /* # */ && text.charCodeAt(pos + 1) === 95 /* _ */) {
        this.pos = pos + 2;
        this.readForm();
        pos = this.pos;
      } else {
        break;
      }
    }
    this.pos = pos;
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

  /** Reads forms up to the bracket closing `open` (the reader is on `open`). */
  private readSequence(open: string): unknown[] {
    const startLine = this.line;
    const close = CLOSER[open]!;
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
      if (name === '__proto__') Object.defineProperty(map, name, { value: entries[i + 1], enumerable: true, writable: true, configurable: true });
      else map[name] = entries[i + 1];
    }
    return map;
  }

  private readString(): string {
    const startLine = this.line;
    const { text } = this;
    const start = this.pos + 1;
    const end = text.indexOf('"', start);
    if (end < 0) this.fail(`string opened on line ${startLine} is not closed`, startLine);
    const escape = text.indexOf('\\', start);
    if (escape < 0 || escape > end) {
      // No escapes: the string is the text up to the quote.
      const value = text.slice(start, end);
      for (let i = value.indexOf('\n'); i >= 0; i = value.indexOf('\n', i + 1)) this.line++;
      this.pos = end + 1;
      return value;
    }
    let out = '';
    let pos = start;
    for (;;) {
      if (pos >= text.length) this.fail(`string opened on line ${startLine} is not closed`, startLine);
      const c = text[pos++]!;
      if (c === '"') break;
      if (c === '\n') this.line++;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const escaped = text[pos++] ?? '';
      if (escaped === 'u') {
        const hex = text.slice(pos, pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail(`bad unicode escape '\\u${hex}'`);
        out += String.fromCharCode(parseInt(hex, 16));
        pos += 4;
      } else if (escaped in STRING_ESCAPES) {
        out += STRING_ESCAPES[escaped];
      } else {
        this.fail(`bad string escape '\\${escaped}'`);
      }
    }
    this.pos = pos;
    return out;
  }

  private readCharacter(): string {
    this.pos++;
    const token = this.readToken();
    if (token.length === 0) {
      // A delimiter character such as \( or \".
      const c = this.text[this.pos];
      if (c === undefined) this.fail('a character literal is missing its character');
      if (c === '\n') this.line++;
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
    if (tag === 'inst' || tag === 'uuid') {
      if (typeof value !== 'string') this.fail(`#${tag} needs a string, got ${JSON.stringify(value)}`, line);
      return value;
    }
    const isMap = value !== null && typeof value === 'object' && !Array.isArray(value);
    if ((isRecordTag(tag) && isMap) || isNamespacedTag(tag) || PLAIN_TAGS.has(tag)) return value;
    return this.fail(`unknown tag '#${tag}'`, line);
  }

  private readToken(): string {
    const { text } = this;
    const start = this.pos;
    let pos = start;
    const length = text.length;
    while (pos < length) {
      const c = text.charCodeAt(pos);
      if (c < 128 && ENDS_TOKEN[c] === 1) break;
      pos++;
    }
    this.pos = pos;
    return text.slice(start, pos);
  }

  private readAtom(): unknown {
    const token = this.readToken();
    if (token.length === 0) this.fail(`unexpected character '${this.text[this.pos]}'`);
    const first = token.charCodeAt(0);
    if (first === 58 /* : */) {
      if (token.length === 1) this.fail(`a keyword needs a name after ':'`);
      return token.slice(1);
    }
    if (first >= 48 && first <= 57 && DIGITS.test(token)) return Number(token);
    if (token === 'nil') return null;
    if (token === 'true') return true;
    if (token === 'false') return false;
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
 * The maps of an EDN history, each with the line it starts on: one top-level vector or list of maps (Knossos and
 * older Jepsen write a list over many lines), or a sequence of top-level maps (typically one per line). Record
 * literals (`#jepsen.history.Op{...}`) count as maps.
 */
export function readEdnRecords(text: string, source: string): Array<{ line: number; record: Record<string, unknown> }> {
  const reader = new EdnReader(text, source);
  const records: Array<{ line: number; record: Record<string, unknown> }> = [];
  const open = reader.peek();
  const close = open === '[' || open === '(' ? CLOSER[open]! : undefined;
  const openedOn = reader.line;
  if (close) reader.expect(open);
  for (;;) {
    const c = reader.peek();
    if (c === '') {
      if (close) reader.fail(`unbalanced '${open}' opened on line ${openedOn}: end of input before '${close}'`);
      break;
    }
    if (close && c === close) {
      reader.expect(close);
      if (!reader.atEnd()) reader.fail(`unexpected '${reader.peek()}' after the history ${open === '[' ? 'vector' : 'list'}`);
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
