import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import type { PassengerTarget } from '../../src/config/schema.js';
import { passengerPaths } from '../../src/strategies/passenger/paths.js';

const PASSENGER = `  shared:
    strategy: passenger
    host: u@example.com
    path: /home/u/app
`;

function errorOf(text: string): string {
  try {
    parseConfig(text, 'deploy.yml');
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

describe('passenger config keys and cross-checks', () => {
  it('accepts tasks without service when no compose target exists, and python/pip_args', () => {
    const config = parseConfig(
      `version: 1\ntasks:\n  migrate: {command: "alembic upgrade head", paths: ["backend/alembic/**"]}\ntargets:\n${PASSENGER}    python: /usr/bin/python3.11\n    pip_args: [--no-index, --find-links, wheels]\n`,
      'deploy.yml',
    );
    expect(config.tasks.migrate).toEqual({ command: 'alembic upgrade head', paths: ['backend/alembic/**'] });
    expect(config.targets.shared).toMatchObject({ python: '/usr/bin/python3.11', pip_args: ['--no-index', '--find-links', 'wheels'] });
  });

  it('a compose target needs a service on every task', () => {
    const text = `version: 1\ncompose: {project: p}\ntasks:\n  migrate: {command: m}\ntargets:\n  vps: {strategy: compose, host: u@h, path: /srv/app}\n`;
    expect(errorOf(text)).toMatch(/tasks\.migrate\.service: required key is missing \(compose targets run tasks in a service: vps\)/);
  });

  it('with a passenger target, pip-install and frontend are reserved task names', () => {
    const text = `version: 1\ntasks:\n  frontend: {command: "npm run build"}\ntargets:\n${PASSENGER}`;
    expect(errorOf(text)).toMatch(
      /tasks\.frontend: task name "frontend" is reserved for the built-in step of passenger targets \(shared\)/,
    );
  });
});

describe('passengerPaths', () => {
  const target = (extra: string) =>
    parseConfig(`version: 1\ntargets:\n${PASSENGER}${extra}`, 'deploy.yml').targets.shared as PassengerTarget;

  it('releases: the live app root is under current, releases have their own app root', () => {
    const p = passengerPaths(target('    app_root: backend\n'));
    expect(p.liveAppRoot).toBe('/home/u/app/current/backend');
    expect(p.appRootOf('abc')).toBe('/home/u/app/releases/abc/backend');
    expect(p.restartFileOf(p.liveAppRoot)).toBe('/home/u/app/current/backend/tmp/restart.txt');
    expect(p.venv).toBe('/home/u/app/venv');
  });

  it('in-place: one app root, snapshots under .deploy', () => {
    const p = passengerPaths(target('    layout: in-place\n    venv: backend/.venv\n'));
    expect(p.liveAppRoot).toBe('/home/u/app');
    expect(p.appRootOf('abc')).toBe('/home/u/app');
    expect(p.snapshotOf('abc')).toBe('/home/u/app/.deploy/snapshots/abc');
    expect(p.venv).toBe('/home/u/app/backend/.venv');
  });

  it('an absolute venv stays absolute', () => {
    const p = passengerPaths(target('    layout: in-place\n    venv: /home/u/virtualenv/app/3.11\n'));
    expect(p.venv).toBe('/home/u/virtualenv/app/3.11');
  });
});
