// Error lines are plain, printable text: no terminal escapes (Maven colours), no raw bytes from a binary input file,
// one line.
import { describe, expect, it } from 'vitest';
import { plainLine } from '../../../core/errors.ts';

const printable = (s: string): boolean => /^[\x20-\x7e\u00a0-\uffff]*$/.test(s) && !s.includes('\ufffd');

describe('plainLine', () => {
  it('removes terminal colour and cursor sequences', () => {
    const maven =
      '\u001b[1;31mERROR\u001b[m Failed to execute goal \u001b[32morg.apache.maven.plugins\u001b[m: \u001b]8;;http://x\u0007link\u001b]8;;\u0007 \u001b[2K';
    expect(plainLine(maven)).toBe('ERROR Failed to execute goal org.apache.maven.plugins: link');
  });

  it('shows control bytes and undecodable bytes as visible escapes, on one line', () => {
    const binary = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x0a, 0xff, 0x41]).toString('utf8');
    const line = plainLine(`cannot read ${binary}`);
    expect(line).toBe('cannot read \\x7fELF\\x02\\x01\\x00 | \\ufffdA');
    expect(printable(line)).toBe(true);
  });

  it('keeps ordinary text, including non-ASCII letters, and bounds the length', () => {
    expect(plainLine('Zürich → 3 brokers\n  next line')).toBe('Zürich → 3 brokers | next line');
    expect(plainLine('x'.repeat(5000), 100)).toHaveLength(100);
  });
});
