/**
 * Pure: the swarm configs and secrets a release's services use, compared by content with what swarm
 * holds under their names. Swarm objects are immutable and named (`name:`, else `<stack>_<key>`):
 * a name swarm does not hold is created by a stack deploy, one it holds with the release's content
 * is reused (a service that references another name now is re-pointed by a stack deploy), and one it
 * holds with another content can be neither: the run is refused before anything changes. Swarm shows
 * a config's content, never a secret's: a secret the service uses now under the same name is the live
 * release's content (refused when the file changed); one it does not use is compared with the
 * content a successful run recorded for that name and swarm ID (`recorded`); a secret no run of ours
 * recorded goes through the stack deploy, whose update of the secret swarm refuses, before any
 * service changes, if the content differs.
 */
import type { ComposeModel, FileObject } from '../../plan/types.js';
import { shellQuote } from '../../transport/quote.js';
import { serviceName } from './commands.js';

/** One config/secret of the release under its swarm name, with the services that use it. */
export interface SwarmObject {
  kind: FileObject['kind'];
  name: string;
  /** repo-relative path of its `file:` */
  file: string;
  services: string[];
}

/** What the manager said: the objects each service references now, and each object swarm holds (a config's content sha256; a secret's swarm ID). */
export interface HeldObjects {
  refs: Map<string, Set<string>>;
  held: Map<string, string>;
}

/** What the run must do: the services a stack deploy must (re)attach to their objects, and the `<service>: <file>` it cannot. */
export interface ObjectVerdict {
  attach: string[];
  conflicts: { service: string; file: string; object: string }[];
}

const keyOf = (o: Pick<SwarmObject, 'kind' | 'name'>): string => `${o.kind} ${o.name}`;
const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

/** The objects the `services` of `model` use, one per swarm name. */
export function releaseObjects(model: ComposeModel, stack: string, services: readonly string[]): SwarmObject[] {
  const byName = new Map<string, SwarmObject>();
  for (const sv of services)
    for (const o of model.services[sv]?.fileObjects ?? []) {
      const name = o.name ?? `${stack}_${o.key}`;
      const seen = byName.get(keyOf({ kind: o.kind, name })) ?? { kind: o.kind, name, file: o.file, services: [] };
      seen.services.push(sv);
      byName.set(keyOf(seen), seen);
    }
  return [...byName.values()];
}

const REFS_FORMAT =
  '{{range .Spec.TaskTemplate.ContainerSpec.Configs}}configs {{.ConfigName}}{{println}}{{end}}' +
  '{{range .Spec.TaskTemplate.ContainerSpec.Secrets}}secrets {{.SecretName}}{{println}}{{end}}';

/**
 * sh: `ref <service> <kind> <name>` for each object each service of the stack references now, then
 * `has configs <name> <sha256 of its content>` / `has secrets <name> <swarm ID>` for each object swarm holds.
 */
export function swarmObjectsScript(stack: string, services: readonly string[], objects: readonly SwarmObject[]): string {
  const refs = services.map(
    (sv) =>
      `docker service inspect --format ${shellQuote(REFS_FORMAT)} ${shellQuote(serviceName(stack, sv))} 2>/dev/null |` +
      ` while read -r k n; do if [ -n "$k" ]; then printf 'ref %s %s %s\\n' ${shellQuote(sv)} "$k" "$n"; fi; done`,
  );
  const held = objects.map((o) => {
    const n = shellQuote(o.name);
    return o.kind === 'configs'
      ? `if d=$(docker config inspect --format '{{json .Spec.Data}}' ${n} 2>/dev/null); then` +
          ` printf 'has configs %s %s\\n' ${n} "$(printf '%s' "$d" | tr -d '"' | base64 -d | sha256sum | cut -d' ' -f1)"; fi`
      : `if i=$(docker secret inspect --format '{{.ID}}' ${n} 2>/dev/null); then printf 'has secrets %s %s\\n' ${n} "$i"; fi`;
  });
  return [...refs, ...held, 'true'].join('\n');
}

/** Parses swarmObjectsScript's output. */
export function parseHeldObjects(out: string): HeldObjects {
  const refs = new Map<string, Set<string>>();
  const held = new Map<string, string>();
  for (const line of out.split('\n')) {
    const [tag, a, b, c] = line.trim().split(' ');
    if (tag === 'ref' && a && b && c) refs.set(a, (refs.get(a) ?? new Set()).add(`${b} ${c}`));
    if (tag === 'has' && a && b && c) held.set(`${a} ${b}`, c);
  }
  return { refs, held };
}

/** The content sha256 swarm holds for each recorded secret, by `<name> <swarm ID>` (from the releases' records). */
export function recordedSecrets(
  releases: readonly { secrets?: Record<string, { id?: unknown; sha256?: unknown }> }[],
): Map<string, string> {
  const known = new Map<string, string>();
  for (const r of releases)
    for (const [name, rec] of Object.entries(r.secrets ?? {}))
      if (typeof rec?.id === 'string' && typeof rec.sha256 === 'string') known.set(`${name} ${rec.id}`, rec.sha256);
  return known;
}

/** Whether swarm holds `o` under its name with another content than the release's file (`hash`), as far as it can be told. */
function heldOther(o: SwarmObject, held: string | undefined, hash: string | undefined, recorded: ReadonlyMap<string, string>): boolean {
  if (held === undefined || hash === undefined) return false;
  const content = o.kind === 'configs' ? held : recorded.get(`${o.name} ${held}`);
  return content !== undefined && content !== hash;
}

/**
 * `hashes`: each file's sha256 in the release (absent: not in it, the stack deploy says so);
 * `changed`: the files that differ from the live release's; `recorded`: recordedSecrets. Services
 * not on the swarm (`existing`) are created by a stack deploy and only checked for a conflicting content.
 */
export function judgeObjects(
  objects: readonly SwarmObject[],
  seen: HeldObjects,
  hashes: ReadonlyMap<string, string>,
  changed: ReadonlySet<string>,
  recorded: ReadonlyMap<string, string> = new Map(),
): ObjectVerdict {
  const attach: string[] = [];
  const conflicts: ObjectVerdict['conflicts'] = [];
  for (const o of objects) {
    const held = seen.held.get(keyOf(o));
    const hash = hashes.get(o.file);
    for (const sv of o.services) {
      const uses = seen.refs.get(sv)?.has(keyOf(o)) ?? false;
      const other = heldOther(o, held, hash, recorded) || (o.kind === 'secrets' && uses && changed.has(o.file));
      if (other) conflicts.push({ service: sv, file: o.file, object: `${o.kind.slice(0, -1)} ${o.name}` });
      else if (!uses) attach.push(sv);
    }
  }
  return { attach: sorted(attach), conflicts };
}
