/**
 * `--config` given a secret-bearing file by mistake (the app's .env, an SSH key): the CLI refuses it
 * with exit 2 and never prints its content.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../e2e/harness/cli.js';
import { withTools } from '../unit/helpers/tools.js';

const SECRET = 'Zq9secretValue4242';

describe('--config pointing at a file that is not the deploy config', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gd-wrong-config-'));
    await writeFile(join(dir, '.env'), `SECRET_KEY=${SECRET}\nDB_PASSWORD=${SECRET}\n`);
    await writeFile(join(dir, 'list.yml'), `- ${SECRET}\n- ${SECRET}\n`);
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['status', '.env'],
    ['plan', '.env'],
    ['doctor', '.env'],
    ['status', 'list.yml'],
  ])('%s --config %s: exit 2, the content is not echoed', async (command, file) => {
    const r = await runCli([command, '--config', join(dir, file), '--repo', dir, '--target', 'production']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/expected a mapping .*its content is not shown: is this the deploy config\?/);
    expect(r.stdout + r.stderr).not.toContain(SECRET.slice(0, 8));
  });

  it.runIf(withTools('a private key passed as --config', 'ssh-keygen'))('an SSH private key: not a byte of it is printed', async () => {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'id_ed25519')]);
    const r = await runCli(['status', '--config', join(dir, 'id_ed25519'), '--target', 'production']);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).not.toMatch(/BEGIN OPENSSH|PRIVATE KEY/);
  });
});
