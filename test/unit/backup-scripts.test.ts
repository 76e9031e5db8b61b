/**
 * The generated shell is checked by the real `sh` (dash on Debian): every script variant parses
 * (`sh -n`), the env-file awk program extracts values like docker compose reads .env files, and
 * the sidecar printf format yields the intended JSON. No database needed.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envFileValueCommand } from '../../src/backup/env-file.js';
import { planBackup } from '../../src/backup/plan.js';
import { planRestore } from '../../src/backup/restore.js';
import { sidecarPrintfFormat } from '../../src/backup/sidecar.js';
import type { BackupContext, BackupSpec } from '../../src/backup/types.js';
import { LocalExecutor } from './helpers/local-executor.js';
import { shellQuote } from '../../src/transport/quote.js';

const exec = new LocalExecutor();
const sh = (script: string) => exec.sh(script, { allowFailure: true });
const compose = { command: ['docker', 'compose'], projectDir: "/srv/o'neil app", files: ['c.yml'], project: 'p' };
const base: BackupContext = { deployPath: "/srv/o'neil app", target: 'prod', sha: 'abcdef012345', now: new Date(0), compose };

describe('generated scripts parse with sh -n', () => {
  const specs: BackupSpec[] = [
    { engine: 'mariadb', database: 'app', keep: 1 },
    { engine: 'postgres', database: 'app', keep: 1 },
    { engine: 'sqlite', path: 'db.sqlite3', keep: 1 },
  ];
  const contexts: [string, Partial<BackupContext>, Partial<BackupSpec>][] = [
    ['stdin password', { password: 'x' }, {}],
    ['env file', { envFile: '/srv/shared/.env' }, { password_env: 'DB_PW' }],
    ['remote env', {}, { password_env: 'DB_PW' }],
    ['no password', {}, {}],
  ];
  for (const spec of specs) {
    for (const service of [undefined, 'db']) {
      for (const [label, ctx, extra] of contexts) {
        it(`${spec.engine} ${service ? 'compose' : 'host'} ${label}`, async () => {
          const s = { ...spec, ...extra, ...(service ? { service } : {}) };
          const backup = planBackup(s, { ...base, ...ctx });
          const restore = planRestore(s, { ...base, ...ctx }, `${backup.file}`, {});
          for (const script of [backup.script, restore.script]) {
            const res = await exec.run(['sh', '-n', '-c', script], { allowFailure: true });
            expect(res.stderr).toBe('');
            expect(res.code).toBe(0);
          }
        });
      }
    }
  }
});

describe('env file lookup (awk, no sourcing)', () => {
  const ENV = [
    '# comment DB_PW=nope',
    'OTHER=1',
    'DB_PW=first',
    'export DB_PW = "quoted \\"pw\\" with \\\\ and $dollar"',
    'SINGLE=\'lit "eral" \\n $x\'',
    'PLAIN=abc # comment',
    'HASH=abc#def',
    'CRLF=win\r',
    'EMPTY=',
    'EQ=a=b=c',
    "SPACED =  ' padded '  ",
  ].join('\n');

  let dir: string;
  let envFile: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gd-envfile-'));
    envFile = path.join(dir, '.env');
    await writeFile(envFile, ENV);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.each([
    ['DB_PW', 'quoted "pw" with \\ and $dollar'],
    ['SINGLE', 'lit "eral" \\n $x'],
    ['PLAIN', 'abc'],
    ['HASH', 'abc#def'],
    ['CRLF', 'win'],
    ['EMPTY', ''],
    ['EQ', 'a=b=c'],
    ['SPACED', ' padded '],
  ])('%s → %j', async (name, value) => {
    const res = await sh(`v=$(${envFileValueCommand(envFile, name)}); printf '%s|%s' "$?" "$v"`);
    expect(res.stdout).toBe(`0|${value}`);
  });

  it('a missing name exits 1', async () => {
    const res = await sh(`${envFileValueCommand(envFile, 'MISSING')}; echo "rc=$?"`);
    expect(res.stdout.trim()).toBe('rc=1');
  });
});

describe('sidecar printf format', () => {
  it('prints valid JSON even with %, \\ and quotes in the values', async () => {
    const fmt = sidecarPrintfFormat({ engine: 'sqlite', database: '/d/100%\\"x".db', createdAt: new Date(0), sha: 'abc', target: 't' });
    const res = await sh(`printf ${shellQuote(fmt)} ${'e'.repeat(64)} 42`);
    expect(JSON.parse(res.stdout)).toEqual({
      engine: 'sqlite',
      database: '/d/100%\\"x".db',
      sha256: 'e'.repeat(64),
      size: 42,
      createdAt: '1970-01-01T00:00:00.000Z',
      sha: 'abc',
      target: 't',
      verified: true,
    });
    expect(res.stdout.endsWith('}\n')).toBe(true);
  });
});
