/** The commands `init` proposes name repository directories as sh reads them (a space, a quote). */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { proposeConfig } from '../../src/commands/init-propose.js';

const root = mkdtempSync(join(tmpdir(), 'gd-init-quoting-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('init: a passenger frontend in a directory sh would split', () => {
  it.each(['web app', "it's"])('%s: the proposed build runs npm in that directory', (dir) => {
    const facts = { name: 'site', files: ['passenger_wsgi.py', 'requirements.txt', `${dir}/package.json`] };
    const target = (proposeConfig(facts).config as { targets: { production: { frontend: { build: string } } } }).targets.production;
    const work = mkdtempSync(join(root, 'repo-'));
    mkdirSync(join(work, dir));
    mkdirSync(join(work, 'bin'));
    writeFileSync(join(work, 'bin', 'npm'), '#!/bin/sh\npwd >> "$LOG"\n');
    chmodSync(join(work, 'bin', 'npm'), 0o755);
    const env = { ...process.env, PATH: `${join(work, 'bin')}:${process.env.PATH}`, LOG: join(work, 'log') };
    execFileSync('sh', ['-c', target.frontend.build], { cwd: work, env });
    expect(readFileSync(join(work, 'log'), 'utf8')).toBe(`${join(work, dir)}\n`.repeat(2));
  });
});
