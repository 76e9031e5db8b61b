import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packageVersion } from '../../src/entry/cli/version.js';
import { humanBytes } from '../../src/core/units.js';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  version: string;
  repository?: { type: string; url: string };
};

describe('package metadata', () => {
  it('has a repository, the one the README schema URL points into', () => {
    expect(pkg.repository?.type).toBe('git');
    const slug = /github\.com\/([\w.-]+\/[\w.-]+?)(?:\.git)?$/.exec(pkg.repository?.url ?? '')?.[1];
    expect(slug).toBeDefined();
    expect(readFileSync(new URL('README.md', root), 'utf8')).toContain(
      `https://raw.githubusercontent.com/${slug}/main/deploy/schema/deploy.schema.json`,
    );
  });

  it('--version reads the package version', () => {
    expect(packageVersion()).toBe(pkg.version);
  });
});

describe('humanBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [3 * 1024 * 1024, '3.0 MiB'],
    [5.25 * 1024 ** 3, '5.3 GiB'],
    [2 * 1024 ** 5, '2048.0 TiB'],
  ])('%d → %s', (n, text) => {
    expect(humanBytes(n)).toBe(text);
  });
});
