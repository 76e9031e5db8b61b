/**
 * Checks across the keys of one target (what a field schema cannot see): `shared` entries that
 * overlap, and a passenger `frontend.public_html` overlapping `path`. Both would let one sync or
 * link step delete what another one keeps. They run on possibly-invalid input: every access is
 * defensive, and values already rejected by their field are skipped.
 */
import { posix } from 'node:path';
import { buildIssues, swarmIssues } from './build.js';
import { isRecord, type CrossIssue } from './cross-issue.js';
import { comparableHost, SSH_HOST_PORT, splitHostPort } from './ssh-address.js';

/** "./media/" → "media", "/srv/app/" → "/srv/app", "/" → "" (no "./" prefix, no trailing "/"). */
const normalized = (p: string): string => posix.normalize(p).replace(/\/+$/, '');
const inside = (inner: string, outer: string): boolean => inner.startsWith(`${outer}/`);

/** How path `a` relates to path `b` (both normalized), or undefined when they are apart. */
function overlap(a: string, b: string): 'is the same path as' | 'is inside' | 'contains' | undefined {
  if (a === b) return 'is the same path as';
  if (inside(a, b)) return 'is inside';
  return inside(b, a) ? 'contains' : undefined;
}

/** Each entry overlapping an earlier one (linkSharedScript would replace one by the other's link). */
function sharedIssues(name: string, shared: unknown): CrossIssue[] {
  if (!Array.isArray(shared)) return [];
  const earlier: { entry: string; path: string }[] = [];
  const issues: CrossIssue[] = [];
  shared.forEach((entry, i) => {
    if (typeof entry !== 'string' || entry.startsWith('/')) return;
    const path = normalized(entry);
    const clash = earlier.map((e) => ({ e, how: overlap(path, e.path) })).find((c) => c.how);
    if (clash) {
      const message = `${JSON.stringify(entry)} ${clash.how} ${JSON.stringify(clash.e.entry)} (shared entries must not overlap)`;
      issues.push({ path: ['targets', name, 'shared', i], message });
    }
    earlier.push({ entry, path });
  });
  return issues;
}

/** public_html and path are both synced with --delete: neither may hold the other. */
function publicHtmlIssues(name: string, target: Record<string, unknown>): CrossIssue[] {
  const frontend = target.frontend;
  if (target.strategy !== 'passenger' || !isRecord(frontend)) return [];
  const { path } = target;
  const web = frontend.public_html;
  if (typeof path !== 'string' || typeof web !== 'string' || !path.startsWith('/') || !web.startsWith('/')) return [];
  const [root, webRoot] = [normalized(path), normalized(web)];
  // "/" is rejected by the field itself
  const how = root && webRoot ? overlap(webRoot, root) : undefined;
  if (!how) return [];
  return [
    {
      path: ['targets', name, 'frontend', 'public_html'],
      message: `${JSON.stringify(web)} ${how} the deploy path ${JSON.stringify(path)} (public_html must lie outside path: both are synced with --delete)`,
    },
  ];
}

/** How a `hosts:` entry is reached: user@host (case folded: DNS ignores it; an IPv6 address however written) and its port. */
function reachedAs(entry: string, port: number): string {
  const split = splitHostPort(entry, port);
  const at = split.host.lastIndexOf('@');
  return `${split.host.slice(0, at)}@${comparableHost(split.host.slice(at + 1))}:${split.port}`;
}

/** Each `hosts:` entry naming a host listed before (however spelled): its lock would be taken twice, its deploy run twice. */
function duplicateHostIssues(name: string, hosts: unknown[], port: unknown): CrossIssue[] {
  const fallback = typeof port === 'number' && Number.isInteger(port) ? port : 22;
  const seen = new Map<string, number>();
  const issues: CrossIssue[] = [];
  hosts.forEach((entry, i) => {
    if (typeof entry !== 'string' || !SSH_HOST_PORT.test(entry)) return;
    const key = reachedAs(entry, fallback);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else
      issues.push({
        path: ['targets', name, 'hosts', i],
        message: `${JSON.stringify(entry)} is the same host as hosts[${first}] ${JSON.stringify(hosts[first])} (list each host once)`,
      });
  });
  return issues;
}

/** Exactly one of `host` and `hosts`; `hosts` lists each host once; `primary` names one of `hosts`. */
function hostIssues(name: string, target: Record<string, unknown>): CrossIssue[] {
  const { host, hosts, primary } = target;
  const at = (key: string): (string | number)[] => ['targets', name, key];
  if (host === undefined && hosts === undefined)
    return [{ path: at('host'), message: 'a target needs `host` (one host) or `hosts` (a list of hosts)' }];
  if (host !== undefined && hosts !== undefined)
    return [{ path: at('hosts'), message: 'give either `host` or `hosts`, not both (put every host in `hosts`)' }];
  const duplicates = Array.isArray(hosts) ? duplicateHostIssues(name, hosts, target.port) : [];
  if (duplicates.length > 0 || primary === undefined || typeof primary !== 'string') return duplicates;
  if (!Array.isArray(hosts)) return [{ path: at('primary'), message: '`primary` needs `hosts` (with `host`, that host is the primary)' }];
  return hosts.includes(primary) ? [] : [{ path: at('primary'), message: `${JSON.stringify(primary)} is not one of \`hosts\`` }];
}

export function targetIssues(config: Record<string, unknown>): CrossIssue[] {
  const targets = isRecord(config.targets) ? config.targets : {};
  return Object.entries(targets).flatMap(([name, target]) =>
    isRecord(target)
      ? [
          ...hostIssues(name, target),
          ...sharedIssues(name, target.shared),
          ...publicHtmlIssues(name, target),
          ...buildIssues(name, target),
          ...swarmIssues(name, target),
        ]
      : [],
  );
}
