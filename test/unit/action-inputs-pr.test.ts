/** readInputs on a pull_request event: the PR's base sha is the plan's `from` when none is given. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'gd-event-'));
const event = join(dir, 'event.json');
writeFileSync(event, JSON.stringify({ pull_request: { number: 7, base: { sha: 'a'.repeat(40) }, head: { sha: 'b'.repeat(40) } } }));
const saved = { path: process.env.GITHUB_EVENT_PATH, name: process.env.GITHUB_EVENT_NAME };
// @actions/github reads the event when it is first imported
process.env.GITHUB_EVENT_PATH = event;
process.env.GITHUB_EVENT_NAME = 'pull_request';
process.env.INPUT_COMMAND = 'plan';
const { readInputs } = await import('../../src/entry/action/inputs.js');

afterAll(() => {
  for (const [k, v] of [
    ['GITHUB_EVENT_PATH', saved.path],
    ['GITHUB_EVENT_NAME', saved.name],
  ] as const)
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  delete process.env.INPUT_COMMAND;
  rmSync(dir, { recursive: true, force: true });
});

describe('readInputs on pull_request', () => {
  it('takes the base sha of the pull request', () => {
    expect(readInputs()).toMatchObject({ command: 'plan', prBase: 'a'.repeat(40), from: undefined });
  });
});
