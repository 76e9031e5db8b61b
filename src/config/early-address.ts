/**
 * The first host a deploy or rollback connects to, read from the raw config text before the config
 * is loaded and validated (the SSH handshake then overlaps with the validation): only when the
 * values are plainly valid, else undefined. The session takes the connection only if the validated
 * target names the same address and umask (session/early-connect.ts).
 */
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { DEFAULT_UMASK, umaskProblem } from '../transport/modes.js';
import { hostsOf, type HostAddress } from './hosts.js';
import { bracketIsIp, inPortRange, SSH_HOST, SSH_HOST_PORT } from './ssh-address.js';

export interface EarlyAddress {
  address: HostAddress;
  umask: string;
}

type Raw = Record<string, unknown>;
const isMapping = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The raw target `name` names (or the only one), undefined when it is not a mapping. */
function rawTarget(text: string, name: string | undefined): Raw | undefined {
  const doc = parseDocument(text, { merge: true, uniqueKeys: true });
  if (doc.errors.length > 0) return undefined;
  const raw: unknown = doc.toJS({ maxAliasCount: 1000 });
  const targets = isMapping(raw) ? raw.targets : undefined;
  if (!isMapping(targets)) return undefined;
  const names = Object.keys(targets);
  const chosen = name ?? (names.length === 1 ? names[0] : undefined);
  const target = chosen !== undefined && Object.hasOwn(targets, chosen) ? targets[chosen] : undefined;
  return isMapping(target) ? target : undefined;
}

const isPort = (v: unknown): v is number => Number.isInteger(v) && inPortRange(String(v));
const isHostEntry = (v: unknown): v is string =>
  typeof v === 'string' && inPortRange(SSH_HOST_PORT.exec(v)?.[1]) && SSH_HOST_PORT.test(v) && bracketIsIp(v);

/** host XOR hosts (with primary), port and umask as the schema takes them (the defaults when absent); else undefined. */
function plainAddress(t: Raw): EarlyAddress | undefined {
  const { host, hosts, primary, port = 22, umask = DEFAULT_UMASK } = t;
  if (!isPort(port) || typeof umask !== 'string' || umaskProblem(umask)) return undefined;
  if ((host === undefined) === (hosts === undefined)) return undefined;
  if (host !== undefined && !(typeof host === 'string' && SSH_HOST.test(host) && bracketIsIp(host))) return undefined;
  if (hosts !== undefined && !(Array.isArray(hosts) && hosts.length > 0 && hosts.every(isHostEntry))) return undefined;
  if (primary !== undefined && !(isHostEntry(primary) && (hosts as string[] | undefined)?.includes(primary))) return undefined;
  const [address] = hostsOf({
    host: host as string | undefined,
    hosts: hosts as string[] | undefined,
    primary: primary as string | undefined,
    port,
  });
  return address && { address, umask };
}

/** From config text: the first address to connect to and the umask, when plainly valid. Never throws. */
export function earlyAddress(text: string, targetName: string | undefined): EarlyAddress | undefined {
  try {
    const target = rawTarget(text, targetName);
    return target && plainAddress(target);
  } catch {
    return undefined; // anything odd: the normal path connects after validation
  }
}

/** earlyAddress of the config file; undefined when it cannot be read (loadConfig reports that). */
export async function readEarlyAddress(file: string, targetName: string | undefined): Promise<EarlyAddress | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : earlyAddress(text, targetName);
}
