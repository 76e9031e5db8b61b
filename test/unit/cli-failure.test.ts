import { afterEach, describe, expect, it } from 'vitest';
import { EXIT_FAILURE, EXIT_USER_ERROR, UserError, UserErrors } from '../../src/core/errors.js';
import { reportFailure } from '../../src/core/failure.js';
import type { Location, Reporter } from '../../src/core/reporter.js';

type Call = [kind: 'error' | 'info', message: string, location?: Location];

function recorder(): { reporter: Reporter; calls: Call[] } {
  const calls: Call[] = [];
  const reporter: Reporter = {
    group: (_name, fn) => fn(),
    info: (m) => void calls.push(['info', m]),
    warning: () => undefined,
    error: (m, loc) => void calls.push(loc ? ['error', m, loc] : ['error', m]),
    secret: () => undefined,
    persist: () => undefined,
  };
  return { reporter, calls };
}

const CFG = '.github/deploy.yml';
const located = new UserError('targets.prod.host: expected user@host', { file: CFG, line: 7, column: 11 });
const unlocated = new UserError('no target named "qa"');
const many = new UserErrors([located, unlocated, new UserError('rules[0]: unknown service', { file: CFG, line: 3 })]);

describe('reportFailure', () => {
  const oldDebug = process.env.GITOPS_DEBUG;
  afterEach(() => {
    if (oldDebug === undefined) delete process.env.GITOPS_DEBUG;
    else process.env.GITOPS_DEBUG = oldDebug;
  });

  it.each<[string, unknown, boolean, Call[], string, number]>([
    [
      'UserErrors: each reported once with its location',
      many,
      false,
      [
        ['error', located.message, { file: CFG, line: 7, column: 11 }],
        ['error', unlocated.message],
        ['error', 'rules[0]: unknown service', { file: CFG, line: 3 }],
      ],
      `${located.message}\n${unlocated.message}\nrules[0]: unknown service`,
      EXIT_USER_ERROR,
    ],
    [
      'UserErrors, onlyLocated: the unlocated one is left to the caller',
      many,
      true,
      [
        ['error', located.message, { file: CFG, line: 7, column: 11 }],
        ['error', 'rules[0]: unknown service', { file: CFG, line: 3 }],
      ],
      `${located.message}\n${unlocated.message}\nrules[0]: unknown service`,
      EXIT_USER_ERROR,
    ],
    [
      'located UserError',
      located,
      false,
      [['error', located.message, { file: CFG, line: 7, column: 11 }]],
      located.message,
      EXIT_USER_ERROR,
    ],
    [
      'located UserError, onlyLocated',
      located,
      true,
      [['error', located.message, { file: CFG, line: 7, column: 11 }]],
      located.message,
      EXIT_USER_ERROR,
    ],
    ['unlocated UserError', unlocated, false, [['error', unlocated.message]], unlocated.message, EXIT_USER_ERROR],
    ['unlocated UserError, onlyLocated: silent', unlocated, true, [], unlocated.message, EXIT_USER_ERROR],
    [
      'plain Error → exit 1',
      new Error('ssh: connection refused'),
      false,
      [['error', 'ssh: connection refused']],
      'ssh: connection refused',
      EXIT_FAILURE,
    ],
    ['plain Error, onlyLocated: silent', new Error('boom'), true, [], 'boom', EXIT_FAILURE],
    ['a thrown string', 'weird', false, [['error', 'weird']], 'weird', EXIT_FAILURE],
  ])('%s', (_name, e, onlyLocated, calls, message, exitCode) => {
    delete process.env.GITOPS_DEBUG;
    const r = recorder();
    expect(reportFailure(e, r.reporter, { onlyLocated })).toEqual({ message, exitCode });
    expect(r.calls).toEqual(calls);
  });

  it('exit codes: 2 for user errors, 1 otherwise', () => {
    expect([EXIT_USER_ERROR, EXIT_FAILURE]).toEqual([2, 1]);
  });

  it.each<[string, string | undefined, number]>([
    ['GITOPS_DEBUG prints the stack of an unexpected error', '1', 1],
    ['no stack without GITOPS_DEBUG', undefined, 0],
  ])('%s', (_name, debug, infos) => {
    if (debug === undefined) delete process.env.GITOPS_DEBUG;
    else process.env.GITOPS_DEBUG = debug;
    const r = recorder();
    const e = new Error('boom');
    reportFailure(e, r.reporter);
    expect(r.calls.filter(([k]) => k === 'info')).toEqual(infos ? [['info', e.stack]] : []);
  });

  it('a user error never prints a stack, even with GITOPS_DEBUG', () => {
    process.env.GITOPS_DEBUG = '1';
    const r = recorder();
    reportFailure(unlocated, r.reporter);
    expect(r.calls).toEqual([['error', unlocated.message]]);
  });
});
