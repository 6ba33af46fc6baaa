// Minimal ustar archives, enough for Docker's archive API: one file in, files out (long names via PAX/GNU headers).

export interface TarEntry {
  /** Path inside the archive, without a leading "./". */
  name: string;
  type: 'file' | 'dir' | 'other';
  mode: number;
  data: Buffer;
}

const BLOCK = 512;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

/** An archive holding one regular file `name` (no directories), as putArchive expects. */
export function tarOneFile(name: string, data: Buffer | string, mode = 0o644): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  if (Buffer.byteLength(name) > 100) throw new Error(`tar: name ${name} longer than 100 bytes`);
  const header = Buffer.alloc(BLOCK);
  header.write(name, 0, 100, 'utf8');
  header.write(octal(mode, 8), 100, 8, 'ascii');
  header.write(octal(0, 8), 108, 8, 'ascii');
  header.write(octal(0, 8), 116, 8, 'ascii');
  header.write(octal(body.length, 12), 124, 12, 'ascii');
  header.write(octal(Math.floor(Date.now() / 1000), 12), 136, 12, 'ascii');
  header.write('        ', 148, 8, 'ascii');
  header.write('0', 156, 1, 'ascii');
  header.write('ustar\0', 257, 6, 'ascii');
  header.write('00', 263, 2, 'ascii');
  let sum = 0;
  for (const b of header) sum += b;
  header.write(octal(sum, 7) + ' ', 148, 8, 'ascii');
  const pad = Buffer.alloc((BLOCK - (body.length % BLOCK)) % BLOCK);
  return Buffer.concat([header, body, pad, Buffer.alloc(BLOCK * 2)]);
}

const field = (b: Buffer, start: number, len: number): string =>
  b
    .subarray(start, start + len)
    .toString('utf8')
    .replace(/\0.*$/s, '');

/** Parses an archive (as getArchive returns it) into its entries. */
export function untar(archive: Buffer): TarEntry[] {
  const out: TarEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    const typeFlag = String.fromCharCode(header[156] ?? 48);
    const prefix = field(header, 345, 155);
    const data = archive.subarray(offset + BLOCK, offset + BLOCK + size);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (typeFlag === 'x') {
      const m = /\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
      if (m) longName = m[1];
      continue;
    }
    if (typeFlag === 'L') {
      longName = data.toString('utf8').replace(/\0.*$/s, '');
      continue;
    }
    if (typeFlag === 'g') continue;
    const name = (longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100))).replace(/^\.\//, '').replace(/\/$/, '');
    longName = undefined;
    const type = typeFlag === '0' || typeFlag === '\0' ? 'file' : typeFlag === '5' ? 'dir' : 'other';
    out.push({ name, type, mode: parseInt(field(header, 100, 8).trim() || '0', 8), data: Buffer.from(data) });
  }
  return out;
}
