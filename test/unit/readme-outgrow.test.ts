/** The config snippets of README's "When you outgrow one server" load with the real config loader. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import type { ComposeTarget } from '../../src/config/schema.js';

const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
const start = readme.indexOf('## When you outgrow one server');
const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
/** the yaml blocks that hold a `targets:` mapping, with the rest of a config around them */
const targetBlocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((b) => /^targets:/m.test(b));

describe('README: when you outgrow one server', () => {
  it('has the hosts snippet, the build snippet and the swarm snippet, and all load', () => {
    expect(targetBlocks).toHaveLength(3);
    const targets = targetBlocks.map(
      (b) => parseConfig(`version: 1\ncompose: {project: myapp}\n${b}`, 'README.md').targets.production as ComposeTarget,
    );
    expect(targets[0]!.hosts).toHaveLength(3);
    expect(targets[1]!.build).toEqual({ on: 'runner', registry: 'registry.example.com:5000', repository: 'myapp', username: 'deploy' });
    expect(targets[2]).toMatchObject({ strategy: 'swarm', stack: 'myapp', build: { on: 'runner', registry: 'registry.example.com:5000' } });
  });

  it('the workflow step passes the registry password as a secret input', () => {
    expect(section).toContain('registry-password: ${{ secrets.REGISTRY_PASSWORD }}');
    expect(section).toMatch(/--password-stdin/);
  });
});
