/**
 * What `init` says about the health check of a Django app, from the environment its compose files
 * give (ALLOWED_HOSTS, SECURE_SSL_REDIRECT): a check of http://127.0.0.1:… gets 400 or 301 otherwise.
 */
import type { ServiceFacts } from './init-scan.js';

const LOCAL = new Set(['*', '127.0.0.1', 'localhost', '.localhost', '[::1]']);

/** ALLOWED_HOSTS as Django apps read it from the environment: a CSV or a JSON list; undefined when not literal. */
export function allowedHostsOf(value: string): string[] | undefined {
  const v = value.trim().replace(/^(['"])(.*)\1$/, '$2');
  if (!v || v.includes('$')) return undefined;
  if (v.startsWith('[')) {
    try {
      const list: unknown = JSON.parse(v);
      return Array.isArray(list) ? list.map(String) : undefined;
    } catch {
      return undefined;
    }
  }
  return v
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
}

/** The todo lines for the health check, one per problem found in any service's environment. */
export function djangoHealthHints(services: readonly ServiceFacts[]): string[] {
  const hints: string[] = [];
  for (const s of services) {
    const env = s.environment ?? {};
    const hosts = env['ALLOWED_HOSTS'] === undefined ? undefined : allowedHostsOf(env['ALLOWED_HOSTS']);
    if (hosts?.length && !hosts.some((h) => LOCAL.has(h))) {
      const host = hosts[0]!.replace(/^\./, '');
      hints.push(
        `service ${s.name}: ALLOWED_HOSTS does not list 127.0.0.1, so Django answers 400 to the health check from the host: add targets.production.health.headers: {Host: ${host}}`,
      );
    }
    if (/^['"]?(true|1|yes|on)['"]?$/i.test(env['SECURE_SSL_REDIRECT']?.trim() ?? '')) {
      hints.push(
        `service ${s.name}: SECURE_SSL_REDIRECT is on, so Django answers 301 to http:// (redirects are not followed): set targets.production.health.expect_status: 301, ` +
          'or check a path listed in SECURE_REDIRECT_EXEMPT, or add X-Forwarded-Proto: https to health.headers when SECURE_PROXY_SSL_HEADER trusts it',
      );
    }
  }
  return hints;
}
