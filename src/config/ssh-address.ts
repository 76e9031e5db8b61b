/**
 * How the config spells an SSH destination (pure, no schema library): `user@host`, `user@[ipv6]`,
 * and a `hosts:` entry's optional `:port`. The schema (fields.ts) and the early connect
 * (early-address.ts) share these.
 */
import { isIP } from 'node:net';

/** user@hostname, user@ipv4 or user@[ipv6]; neither part may start with "-". */
export const SSH_HOST = /^[A-Za-z0-9_][A-Za-z0-9_.-]*@(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])$/;
/** An SSH_HOST with an optional ":port" (1 to 5 digits; the range is checked by inPortRange). */
export const SSH_HOST_PORT = new RegExp(`^${SSH_HOST.source.slice(1, -1)}(?::([0-9]{1,5}))?$`);

/**
 * The bracketed host of a user@[...] (with or without :port) is an IP address: SSH_HOST only checks
 * its characters, and `[1::2::3]` would fail only at connect time, after the lock and the plan.
 */
export const bracketIsIp = (entry: string): boolean => {
  const inside = /@\[([^\]]*)\]/.exec(entry)?.[1];
  return inside === undefined || isIP(inside) !== 0;
};

/** The message of a bracketed host that is no IP address. */
export const BRACKET_EXPECTED = 'expected an IP address between the brackets (e.g. deploy@[2001:db8::1])';

/** `user@host` as the config spells it: an IPv6 address in brackets (`deploy@[2001:db8::1]`). */
export const configHost = (user: string, host: string): string => `${user}@${isIP(host) === 6 ? `[${host}]` : host}`;

/** A host as it compares: lower case, an [IPv6] literal in its canonical form ([2001:0DB8:0::1] → [2001:db8::1]). */
export function comparableHost(host: string): string {
  const inside = /^\[(.*)\]$/.exec(host)?.[1];
  return inside !== undefined && isIP(inside) === 6 ? new URL(`http://[${inside}]/`).hostname : host.toLowerCase();
}

/** A `hosts:` entry's port digits (absent: fine) name a port 1 to 65535. */
export const inPortRange = (p: string | undefined): boolean => p === undefined || (Number(p) >= 1 && Number(p) <= 65535);

/** The user@host and port of a `hosts:` entry (port: `fallback` when the entry has none). */
export function splitHostPort(entry: string, fallback: number): { host: string; port: number } {
  const port = SSH_HOST_PORT.exec(entry)?.[1];
  return port === undefined ? { host: entry, port: fallback } : { host: entry.slice(0, -(port.length + 1)), port: Number(port) };
}

/** `user@host:port` split at its last ":" (the port digits; undefined when none). */
const trailingPort = (entry: string): { entry: string; port?: string } => {
  const m = /^(.*):([0-9]*)$/.exec(entry);
  return m ? { entry: m[1]!, port: m[2] } : { entry };
};

/**
 * What is wrong with a user@host the patterns refuse, when it is a known mistake: an IPv6 zone id
 * (`fe80::1%eth0`: known_hosts lines and `[...]` entries do not take one: not supported), an IPv6
 * address outside brackets, a port written into `host:` (ssh, rsync -e and known_hosts each spell
 * host and port their own way: only `port:` or a `hosts:` entry carries one). Undefined for
 * anything else (the pattern's own message says what is expected).
 */
export function hostSpellingHint(entry: string, portAllowed: boolean): string | undefined {
  const at = entry.indexOf('@');
  const user = entry.slice(0, at + 1);
  const host = entry.slice(at + 1);
  if (host.includes('%') && host.includes(':'))
    return 'expected an IPv6 address without a zone id ("%eth0" is not supported: give a global or unique-local address, or a host name)';
  if (isIP(host) === 6) return `expected an IPv6 address in brackets (${user}[${host}])`;
  const split = trailingPort(entry);
  if (portAllowed || split.port === undefined || !/^(\[[^\]]+\]|[^:[\]]+)$/.test(split.entry.slice(at + 1))) return undefined;
  const port = split.port || 22;
  if (at < 0) return `expected user@host, with the port in \`port:\` (host: USER@${split.entry}, port: ${port})`;
  return `expected the port in \`port:\`, not in \`host:\` (host: ${split.entry}, port: ${port}; or hosts: ["${entry}"])`;
}
