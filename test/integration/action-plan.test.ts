/**
 * The Action entry (lib/main.js, the code ncc bundles into dist/index.js) run the way the runner
 * runs it: inputs as INPUT_* variables, outputs, state and summary written to the runner's files.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRepo, type AppRepo } from '../e2e/harness/app-repo.js';
import { makeTempDir, removeTree } from '../e2e/harness/tmp.js';

const MAIN = fileURLToPath(new URL('../../lib/main.js', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../fixtures/compose-app', import.meta.url));
const CONFIG = `version: 1
compose: {directory: docker, files: [docker-compose.yml], project: obs}
rules:
  - {name: templates, paths: ["**/templates/**"], build: [web]}
`;

let tmp = '';
let repo: AppRepo;

function runAction(inputs: Record<string, string>, cwd = repo.dir) {
  const files = { out: join(tmp, `out-${Date.now()}`), summary: join(tmp, `summary-${Date.now()}`), state: join(tmp, `state-${Date.now()}`) };
  for (const f of Object.values(files)) writeFileSync(f, '');
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', GITHUB_OUTPUT: files.out, GITHUB_STEP_SUMMARY: files.summary, GITHUB_STATE: files.state };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const r = spawnSync(process.execPath, [MAIN], { cwd, env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, output: readFileSync(files.out, 'utf8'), summary: readFileSync(files.summary, 'utf8') };
}

/** Reads `name<<delimiter ... delimiter` entries of a GITHUB_OUTPUT file. */
function outputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) out[m[1]!] = m[3]!;
  return out;
}

beforeAll(async () => {
  tmp = await makeTempDir('gitops-action');
  repo = await createAppRepo(FIXTURE, join(tmp, 'repo'), { '.github/deploy.yml': CONFIG });
  await repo.commit('template', { 'app/templates/index.html': '<p>x</p>' });
});
afterAll(async () => {
  if (tmp) await removeTree(tmp);
});

describe('Action in plan mode', () => {
  it('sets the plan outputs and writes one job summary with the table and a mermaid graph', () => {
    const r = runAction({ command: 'plan', from: 'HEAD~1', to: 'HEAD' });
    expect(r.code, r.stdout).toBe(0);
    const o = outputs(r.output);
    expect(JSON.parse(o.build!)).toEqual(['web']);
    expect(o.changed).toBe('true');
    expect(JSON.parse(o.plan!).changedFiles).toEqual(['app/templates/index.html']);
    expect(r.summary).toContain('```mermaid');
    expect(r.summary.match(/## .*gitops-deploy plan/g)).toHaveLength(1);
    expect(r.stdout).toContain('::group::Plan');
  });

  it('a config error fails the step with an annotation on the file and line, and still writes the summary', () => {
    writeFileSync(join(repo.dir, 'bad.yml'), 'version: 1\nrules:\n  - name: x\n    paths: ["a"]\n    build: 3\n');
    const r = runAction({ command: 'plan', config: 'bad.yml' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/::error file=bad\.yml,line=5,col=\d+::bad\.yml:5:\d+ rules\[0\]\.build/);
    expect(r.summary).toContain('failure');
    expect(r.stdout).not.toMatch(/\n\s+at .+:\d+:\d+\)/);
  });

  it('working-directory: the default config is read inside that work tree', () => {
    // the runner's workspace holds the app checked out into a sub-directory
    const r = runAction({ command: 'plan', 'working-directory': 'repo', from: 'HEAD~1', to: 'HEAD' }, tmp);
    expect(r.code, r.stdout).toBe(0);
    expect(JSON.parse(outputs(r.output).build!)).toEqual(['web']);
  });

  it('working-directory with an explicit relative config: still inside the work tree', () => {
    writeFileSync(join(repo.dir, 'other.yml'), CONFIG);
    const r = runAction({ command: 'plan', 'working-directory': 'repo', config: 'other.yml', from: 'HEAD~1', to: 'HEAD' }, tmp);
    expect(r.code, r.stdout).toBe(0);
    expect(outputs(r.output).changed).toBe('true');
  });

  it('an unknown command input is a clear error', () => {
    const r = runAction({ command: 'destroy' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/::error::input command: expected one of plan, deploy/);
  });
});
