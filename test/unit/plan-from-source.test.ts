/** Where a plan's `from` comes from when none is given (#12: a pull_request plan uses the PR base). */
import { describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../src/core/settings.js';
import { pickFrom } from '../../src/pipeline/plan.js';

const settings = (extra: Partial<Settings>): Settings => defaultSettings({ command: 'plan', target: 'prod', ...extra });

describe('pickFrom', () => {
  it.each<[string, Partial<Settings>, string | null | undefined, ReturnType<typeof pickFrom>]>([
    ['the input first', { from: 'v1', prBase: 'b' }, 'dep', { rev: 'v1', source: 'input' }],
    ['then the deployed revision', { prBase: 'b' }, 'dep', { rev: 'dep', source: 'deployed on prod' }],
    ['nothing deployed yet: a first deploy', { prBase: 'b' }, null, { unknown: 'nothing is deployed on prod yet' }],
    ['the push event before', { eventBefore: 'e', prBase: 'b' }, undefined, { rev: 'e', source: 'push event before' }],
    ['the pull request base', { prBase: 'b' }, undefined, { rev: 'b', source: 'pull request base' }],
    [
      'else why it is unknown, in words both the Action and the CLI use',
      {},
      undefined,
      { unknown: 'no `from` given and the deployed revision was not read (plan reads it with a target and an SSH key)' },
    ],
  ])('%s', (_n, extra, deployed, expected) => expect(pickFrom(settings(extra), deployed)).toEqual(expected));
});
