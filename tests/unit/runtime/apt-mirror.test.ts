// debootstrap takes its Debian archive from the host's own apt configuration, in both of apt's formats.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aptMirrors, debianMirror } from '../../../runtime/docker/image.ts';

const aptDir = (files: Record<string, string>): string => {
  const dir = mkdtempSync(join(tmpdir(), 'apt-'));
  mkdirSync(join(dir, 'sources.list.d'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
};

const DEB822 = `Types: deb
URIs: http://mirror.test/debian
Suites: bookworm bookworm-updates
Components: main

Types: deb
URIs: http://mirror.test/debian-security
Suites: bookworm-security
Components: main
`;

describe('Debian mirror for the node image', () => {
  afterEach(() => {
    delete process.env.FAULTLINE_DEBIAN_MIRROR;
  });

  it('reads deb822 .sources stanzas and picks the one serving the suite, not the security archive', () => {
    const dir = aptDir({ 'sources.list.d/debian.sources': DEB822 });
    expect(aptMirrors(dir).map((m) => m.uri)).toEqual(['http://mirror.test/debian', 'http://mirror.test/debian-security']);
    expect(debianMirror('bookworm', dir)).toBe('http://mirror.test/debian');
  });

  it('reads one-line sources.list entries, options included, and skips deb-src and disabled stanzas', () => {
    const dir = aptDir({
      'sources.list': 'deb-src http://src.test/debian bookworm main\ndeb [arch=amd64] http://list.test/debian bookworm main\n',
      'sources.list.d/off.sources': 'Types: deb\nURIs: http://off.test/debian\nSuites: bookworm\nEnabled: no\n',
    });
    expect(debianMirror('bookworm', dir)).toBe('http://list.test/debian');
  });

  it('FAULTLINE_DEBIAN_MIRROR wins; no source for the suite is one clear error naming the fix', () => {
    const dir = aptDir({ 'sources.list': 'deb http://list.test/debian trixie main\n' });
    expect(() => debianMirror('bookworm', dir)).toThrow(/no apt source for Debian bookworm .*set FAULTLINE_DEBIAN_MIRROR/);
    process.env.FAULTLINE_DEBIAN_MIRROR = 'http://env.test/debian';
    expect(debianMirror('bookworm', dir)).toBe('http://env.test/debian');
  });
});
