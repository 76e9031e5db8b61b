/**
 * `init` on a Django compose app whose environment makes the health check from the host fail
 * (ALLOWED_HOSTS without 127.0.0.1: 400; SECURE_SSL_REDIRECT: 301): the real CLI's todo says what to set.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../e2e/harness/cli.js';
import { makeTempDir, removeTree } from '../e2e/harness/tmp.js';
import { allowedHostsOf, djangoHealthHints } from '../../src/commands/init-health.js';

let tmp = '';
beforeAll(async () => {
  tmp = await makeTempDir('gitops-init-django-health');
});
afterAll(async () => {
  if (tmp) await removeTree(tmp);
});

const COMPOSE = (env: string) =>
  `services:\n  web:\n    build: .\n    environment:\n${env}  db:\n    image: postgres:16\n    environment:\n      POSTGRES_DB: app\n`;

describe('init: the health check of a Django app', () => {
  it('ALLOWED_HOSTS of example.com only and SECURE_SSL_REDIRECT: the todo names health.headers and expect_status', async () => {
    const repo = join(tmp, 'shop');
    await mkdir(repo);
    await writeFile(
      join(repo, 'docker-compose.yml'),
      COMPOSE('      ALLOWED_HOSTS: example.com,www.example.com\n      SECURE_SSL_REDIRECT: true\n'),
    );
    await writeFile(join(repo, 'Dockerfile'), 'FROM python:3.12\n');
    const r = await runCli(['init', '--repo', repo]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('service web: ALLOWED_HOSTS does not list 127.0.0.1');
    expect(r.stdout).toContain('add targets.production.health.headers: {Host: example.com}');
    expect(r.stdout).toContain('set targets.production.health.expect_status: 301');
  });

  it('ALLOWED_HOSTS that lists localhost, no redirect: nothing said', async () => {
    const repo = join(tmp, 'fine');
    await mkdir(repo);
    await writeFile(join(repo, 'docker-compose.yml'), COMPOSE('      - ALLOWED_HOSTS=localhost,127.0.0.1,example.com\n'));
    await writeFile(join(repo, 'Dockerfile'), 'FROM python:3.12\n');
    const r = await runCli(['init', '--repo', repo]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('ALLOWED_HOSTS');
    expect(r.stdout).not.toContain('SECURE_SSL_REDIRECT');
  });

  it.each<[string, string[] | undefined]>([
    ['example.com, www.example.com', ['example.com', 'www.example.com']],
    [`'["votre-domaine.com","www.votre-domaine.com"]'`, ['votre-domaine.com', 'www.votre-domaine.com']],
    ['${ALLOWED_HOSTS}', undefined],
    ['[not json', undefined],
  ])('allowedHostsOf(%j)', (value, hosts) => {
    expect(allowedHostsOf(value)).toEqual(hosts);
  });

  it('a leading-dot domain gives its bare name as the Host', () => {
    const hints = djangoHealthHints([{ name: 'web', envFiles: [], binds: [], environment: { ALLOWED_HOSTS: '.example.org' } }]);
    expect(hints).toEqual([expect.stringContaining('health.headers: {Host: example.org}')]);
  });
});
