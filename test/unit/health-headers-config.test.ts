import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { healthExpectation, httpProbeScript, statusHint } from '../../src/verify/http-check.js';

const config = (health: string) =>
  `version: 1\ncompose: {project: app}\ntargets:\n  production:\n    strategy: compose\n    host: deploy@example.org\n    path: /srv/app\n    health: ${health}\n`;

describe('health.headers', () => {
  it('is read from the config and reaches the probe of every check', () => {
    const c = parseConfig(config('{url: "http://127.0.0.1:8000/", headers: {Host: example.com, X-Forwarded-Proto: https}}'), 'deploy.yml');
    const want = healthExpectation(c.targets['production']!.health);
    expect(want).toEqual({
      url: 'http://127.0.0.1:8000/',
      status: undefined,
      body: undefined,
      headers: { Host: 'example.com', 'X-Forwarded-Proto': 'https' },
      timeoutMs: 60_000,
    });
  });

  it.each([
    ['a header name with a space', '{url: "http://127.0.0.1/", headers: {"Bad Name": x}}', /header name/],
    ['a value with a newline', '{url: "http://127.0.0.1/", headers: {Host: "a\\nInjected: 1"}}', /single line/],
    ['a list instead of a mapping', '{url: "http://127.0.0.1/", headers: [Host]}', /mapping of header names/],
  ])('refuses %s', (_name, health, message) => {
    expect(() => parseConfig(config(health), 'deploy.yml')).toThrow(message);
  });

  it('each probe sends the headers, quoted for sh', () => {
    const s = httpProbeScript('http://127.0.0.1:8000/', { Host: 'example.com', 'X-A': "it's" });
    expect(s).toContain(`curl -sS -g -m 5 -H 'Host: example.com' -H 'X-A: it'\\''s' -w`);
    expect(s).toContain(`' http://127.0.0.1:8000/ Host example.com X-A 'it'\\''s';`);
    expect(s).toContain(
      `wget -S -q -T 5 --max-redirect=0 --header='Host: example.com' --header='X-A: it'\\''s' -O "$t" http://127.0.0.1:8000/`,
    );
  });

  it('names the way out of a Django 400 and of a redirect', () => {
    expect(statusHint(400)).toMatch(/ALLOWED_HOSTS: set health.headers/);
    expect(statusHint(301)).toMatch(/expect_status/);
    expect(statusHint(503)).toBe('');
  });
});
