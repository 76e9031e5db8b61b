import { describe, expect, it } from 'vitest';
import { UserErrors } from '../../src/core/errors.js';
import { parseConfig } from '../../src/config/load.js';
import { looksSecret, secretKeyIn } from '../../src/config/secret-values.js';

const SECRET = 'S3cr3t!Pass';

/** A valid compose config whose target gets `line` (YAML flow, 4 spaces in). */
const config = (line: string) =>
  `version: 1\ncompose: {project: app}\ntargets:\n  prod:\n    strategy: compose\n${line.includes('hosts:') ? '' : '    host: deploy@h1\n'}    path: /srv/app\n${line}\n`;

function messages(text: string): string[] {
  try {
    parseConfig(text, 'deploy.yml');
  } catch (error) {
    expect(error).toBeInstanceOf(UserErrors);
    return (error as UserErrors).errors.map((e) => e.message);
  }
  throw new Error('the config was accepted');
}

describe('config errors never quote a secret', () => {
  it.each<[string, string, string, RegExp]>([
    [
      'a password under password_env (wrong-typed: not a variable name)',
      `    backup: {engine: postgres, database: app, password_env: "${SECRET}"}`,
      SECRET,
      /backup\.password_env: expected an environment variable name .*, got text \(11 characters\) \(not shown: it may be a secret\)$/,
    ],
    [
      'a numeric password under password_env',
      '    backup: {engine: postgres, database: app, password_env: 73519864}',
      '73519864',
      /got a number \(not shown/,
    ],
    [
      'a password under port',
      `    port: "${SECRET}"`,
      SECRET,
      /port: expected a port number between 1 and 65535, got text \(11 characters\) \(not shown/,
    ],
    [
      'a token under keep_releases',
      '    keep_releases: ghp_abcdefghijklmnopqrstuvwxyz0123456789',
      'ghp_abcdefghij',
      /keep_releases: expected .*, got text \(40 characters\) \(not shown/,
    ],
    [
      'a URL with a password',
      '    health: {url: "ftp://admin:hunter22@127.0.0.1/"}',
      'hunter22',
      /health\.url: expected an http:\/\/ or https:\/\/ URL .*, got text \(31 characters\) \(not shown/,
    ],
    [
      'user:password@host under hosts',
      '    hosts: ["deploy:hunter22@h2"]',
      'hunter22',
      /hosts\[0\]: expected user@host or user@host:port .*, got text \(18 characters\) \(not shown/,
    ],
    [
      'an Authorization header given as a list',
      '    health: {url: "http://127.0.0.1/", headers: {Authorization: ["Bearer abc123def456"]}}',
      'abc123def456',
      /headers\.Authorization: expected a header value, got a list of 1 item \(not shown/,
    ],
    [
      'a token written as a header name',
      '    health: {url: "http://127.0.0.1/", headers: {"Bearer abc123def456": x}}',
      'abc123def456',
      /headers\["<key not shown>"\]: expected a header name .*, got text \(19 characters\) \(not shown/,
    ],
    [
      'a backup mapping written as a list',
      '    backup: [{engine: postgres, password: hunter22}]',
      'hun',
      /backup: expected one of .*, got a list of 1 item \(not shown/,
    ],
    [
      'a backup mapping quoted as a text',
      '    backup: "engine: postgres, password: hunter22"',
      'hunter22',
      /backup: expected one of .*, got text \(36 characters\) \(not shown/,
    ],
    [
      'a cross-key check (overlapping shared entries)',
      `    shared: [".env", "${SECRET}", "${SECRET}/media"]`,
      SECRET,
      /shared\[2\]: <not shown: it may be a secret> is inside <not shown: it may be a secret> \(shared entries must not overlap\)/,
    ],
  ])('%s', (_name, line, secret, message) => {
    const all = messages(config(line));
    expect(all.join('\n')).not.toContain(secret);
    expect(all.some((m) => message.test(m))).toBe(true);
  });

  it('still quotes ordinary values', () => {
    expect(messages(config('    port: "ssh"'))).toEqual([expect.stringMatching(/port: expected a port number .*, got "ssh"$/)]);
    expect(messages(config('    hosts: ["deploy@h1:2222", "deploy@h1:2222"]')).join('\n')).toContain('"deploy@h1:2222"');
    expect(messages(config('    health: {url: "ftp://127.0.0.1/health/"}')).join('\n')).toContain('got "ftp://127.0.0.1/health/"');
  });
});

describe('looksSecret / secretKeyIn', () => {
  it.each<[unknown, boolean]>([
    [SECRET, true],
    ['S3cr3tPassw0rd', true],
    ['https://u:pw123456@example.com/', true],
    ['deploy:pw@h2', true],
    ['glpat-abcdefghij', true],
    ['Bearer abcdefgh1234', true],
    ['ab12cd34ef56ab12cd34ef', true],
    [['x', SECRET], true],
    ['deploy@h1:2222', false],
    ['/srv/MyApp2/shared', false],
    ['http://127.0.0.1:8000/Health/', false],
    ['docker-compose.prod.yml', false],
    ['30 minutes', false],
    ['Short1!', false],
    [8000, false],
    [{ engine: 'postgres', password: 'hunter22' }, true],
    [{ engine: 'postgres', password_env: 'DB_PASSWORD' }, true],
    [{ engine: 'postgres', database: 'shop' }, false],
    ['engine: postgres, password: hunter22', true],
  ])('%j → %s', (value, secret) => {
    expect(looksSecret(value)).toBe(secret);
  });

  it.each<[(string | number)[], boolean]>([
    [['targets', 'prod', 'backup', 'password_env'], true],
    [['targets', 'prod', 'health', 'headers', 'Authorization'], true],
    [['build', 'registry_token'], true],
    [['targets', 'prod', 'port'], false],
    [['rules', 0, 'paths', 1], false],
  ])('%j secret key: %s', (path, secret) => {
    expect(secretKeyIn(path)).toBe(secret);
  });
});
