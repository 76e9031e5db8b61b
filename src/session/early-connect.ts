/**
 * The connection a deploy or rollback opens to its first host before its config is validated
 * (session.ts connectEarly starts it from the raw config): the session's Connect takes it when the
 * validated target names the same address and umask, with the same settings; otherwise it is
 * closed, its failure unreported. Interrupted before it is taken, it is closed.
 */
import type { Settings } from '../core/settings.js';
import { onInterrupt } from '../core/interrupt.js';
import type { HostAddress } from '../config/hosts.js';
import type { HostConnection } from '../transport/connect.js';

/** What the early connection was opened for. */
export interface EarlyKey {
  settings: Settings;
  address: HostAddress;
  umask: string;
}

interface Early extends EarlyKey {
  connecting: Promise<HostConnection>;
  unregister: () => void;
}

let early: Early | undefined;

const sameKey = (a: EarlyKey, b: EarlyKey): boolean =>
  a.settings === b.settings && a.address.host === b.address.host && a.address.port === b.address.port && a.umask === b.umask;

/** Starts the early connection (closing any earlier one unawaited: there is none in a run). */
export function startEarly(key: EarlyKey, connect: () => Promise<HostConnection>): void {
  void closeEarly();
  const connecting = connect();
  connecting.catch(() => undefined); // its failure is reported only when taken
  const own: Early = { ...key, connecting, unregister: () => undefined };
  own.unregister = onInterrupt(() => close(own));
  early = own;
}

/**
 * The early connection if it was opened for `key` (the caller then owns it, and its failure), else
 * undefined once the early one, if any, is closed.
 */
export async function takeEarly(key: EarlyKey): Promise<HostConnection | undefined> {
  const own = early;
  if (!own) return undefined;
  if (!sameKey(own, key)) {
    await close(own);
    return undefined;
  }
  early = undefined;
  own.unregister();
  return own.connecting;
}

/** Closes the early connection nobody took (waits for its connect; never throws, warns nothing). */
export async function closeEarly(): Promise<void> {
  if (early) await close(early);
}

async function close(own: Early): Promise<void> {
  if (early === own) early = undefined;
  own.unregister();
  const conn = await own.connecting.catch(() => undefined);
  await conn?.cleanup().catch(() => undefined);
}
