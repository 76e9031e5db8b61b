/** Where a passenger target's pieces live on the host (pure). */
import { posix } from 'node:path';
import type { PassengerTarget } from '../../config/schema.js';
import { layoutOf, type Layout } from '../../sync/layout.js';

/** The file Passenger starts a Python app from, in the app root. */
export const PASSENGER_STARTUP_FILE = 'passenger_wsgi.py';

export interface PassengerPaths {
  layout: Layout;
  /** layout "releases" (else in-place) */
  releases: boolean;
  /** app root as Passenger is configured with it: <path>/current/<app_root> or <path>/<app_root> */
  liveAppRoot: string;
  /** app root holding the code of a release before/after the switch (in-place: always the live one) */
  appRootOf(id: string): string;
  /** <app root>/tmp/restart.txt */
  restartFileOf(appRoot: string): string;
  venv: string;
  /** in-place: hard-link snapshot of the code of release `id`, taken before it is overwritten */
  snapshotOf(id: string): string;
  snapshots: string;
  /** in-place: the new tree staged for pip before it goes live (removed after) */
  pipStage: string;
  /** hard-link copy of public_html taken before the frontend sync (for the revert of a failed deploy) */
  publicHtmlSnapshot: string;
  /** the frontend (public_html) each successful release served, kept for rollbacks: <path>/.deploy/frontend/<id> */
  frontendOf(id: string): string;
  frontends: string;
}

export function passengerPaths(target: PassengerTarget): PassengerPaths {
  const layout = layoutOf(target.path);
  const releases = target.layout === 'releases';
  const join = (...parts: string[]): string => posix.normalize(posix.join(...parts)).replace(/\/$/, '');
  const venv = target.venv.startsWith('/') ? join(target.venv) : join(target.path, target.venv);
  const liveAppRoot = join(releases ? layout.current : layout.root, target.app_root);
  const snapshots = `${target.path}/.deploy/snapshots`;
  return {
    layout,
    releases,
    liveAppRoot,
    appRootOf: (id) => (releases ? join(layout.releaseDir(id), target.app_root) : liveAppRoot),
    restartFileOf: (appRoot) => `${appRoot}/tmp/restart.txt`,
    venv,
    snapshots,
    snapshotOf: (id) => `${snapshots}/${id}`,
    pipStage: `${target.path}/.deploy/pip-stage`,
    publicHtmlSnapshot: `${target.path}/.deploy/public_html.previous`,
    frontendOf: (id) => `${target.path}/.deploy/frontend/${id}`,
    frontends: `${target.path}/.deploy/frontend`,
  };
}
