/**
 * The Action entry (lib/main.js, the code ncc bundles into dist/index.js) run the way the runner
 * runs it: inputs as INPUT_* variables, outputs, state and summary written to the runner's files.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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

/** Runs the Action entry as the runner does (async: a test's local API server must keep answering). */
async function runAction(inputs: Record<string, string>, cwd = repo.dir, extraEnv: Record<string, string> = {}) {
  const files = {
    out: join(tmp, `out-${Date.now()}`),
    summary: join(tmp, `summary-${Date.now()}`),
    state: join(tmp, `state-${Date.now()}`),
  };
  for (const f of Object.values(files)) writeFileSync(f, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/root',
    GITHUB_OUTPUT: files.out,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    ...extraEnv,
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const child = spawn(process.execPath, [MAIN], { cwd, env });
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.resume();
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, output: readFileSync(files.out, 'utf8'), summary: readFileSync(files.summary, 'utf8') };
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
  it('sets the plan outputs and writes one job summary with the table and a mermaid graph', async () => {
    const r = await runAction({ command: 'plan', from: 'HEAD~1', to: 'HEAD' });
    expect(r.code, r.stdout).toBe(0);
    const o = outputs(r.output);
    expect(JSON.parse(o.build!)).toEqual(['web']);
    expect(o.changed).toBe('true');
    expect(JSON.parse(o.plan!).changedFiles).toEqual(['app/templates/index.html']);
    expect(r.summary).toContain('```mermaid');
    expect(r.summary.match(/## .*gitops-deploy plan/g)).toHaveLength(1);
    expect(r.stdout).toContain('::group::Plan');
  });

  it('a config error fails the step with an annotation on the file and line, and still writes the summary', async () => {
    writeFileSync(join(repo.dir, 'bad.yml'), 'version: 1\nrules:\n  - name: x\n    paths: ["a"]\n    build: 3\n');
    const r = await runAction({ command: 'plan', config: 'bad.yml' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/::error file=bad\.yml,line=5,col=\d+::bad\.yml:5:\d+ rules\[0\]\.build/);
    expect(r.summary).toContain('failure');
    expect(r.stdout).not.toMatch(/\n\s+at .+:\d+:\d+\)/);
  });

  it('working-directory: the default config is read inside that work tree', async () => {
    // the runner's workspace holds the app checked out into a sub-directory
    const r = await runAction({ command: 'plan', 'working-directory': 'repo', from: 'HEAD~1', to: 'HEAD' }, tmp);
    expect(r.code, r.stdout).toBe(0);
    expect(JSON.parse(outputs(r.output).build!)).toEqual(['web']);
  });

  it('working-directory with an explicit relative config: still inside the work tree', async () => {
    writeFileSync(join(repo.dir, 'other.yml'), CONFIG);
    const r = await runAction({ command: 'plan', 'working-directory': 'repo', config: 'other.yml', from: 'HEAD~1', to: 'HEAD' }, tmp);
    expect(r.code, r.stdout).toBe(0);
    expect(outputs(r.output).changed).toBe('true');
  });

  it('an unknown command input is a clear error', async () => {
    const r = await runAction({ command: 'destroy' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/::error::input command: expected one of plan, deploy/);
  });
});

describe('Action in plan mode on a pull request of 3,000 files (comment: true)', () => {
  let server: Server;
  const requests: { method: string; url: string; bytes: number; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        requests.push({ method: req.method ?? '', url: req.url ?? '', bytes: Buffer.byteLength(body), body });
        res.setHeader('content-type', 'application/json');
        res.statusCode = req.method === 'POST' ? 201 : 200;
        res.end(req.method === 'GET' ? '[]' : '{"id": 1}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  it('posts one comment over the API, and no large value goes through an environment variable or argv', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) files[`app/static/generated/bundle-${String(i).padStart(4, '0')}-0123456789abcdef.css`] = `.c${i}{}`;
    const base = repo.head();
    await repo.commit('3000 files', files);
    const event = join(tmp, 'event.json');
    writeFileSync(event, JSON.stringify({ pull_request: { number: 12, base: { sha: base }, head: { sha: repo.head() } } }));
    const api = {
      GITHUB_API_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      GITHUB_EVENT_PATH: event,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_REPOSITORY: 'acme/shop',
      RUNNER_TEMP: tmp,
    };
    const inputs = { command: 'plan', from: base, to: 'HEAD', comment: 'true', 'github-token': 'ghs_testtoken' };
    const r = await runAction(inputs, repo.dir, api);
    expect(r.code, r.stdout).toBe(0);
    // the plan JSON is larger than one environment string may be (MAX_ARG_STRLEN, 128 KiB)...
    const plan = outputs(r.output).plan!;
    expect(plan.length).toBeGreaterThan(128 * 1024);
    // ...and larger than GitHub's outputs allow: the output is cut (valid JSON, marked), the whole plan is in plan-file
    const { truncated } = JSON.parse(plan) as { truncated: { changedFiles: number; file: string } };
    expect(outputs(r.output)['plan-file']).toBe(truncated.file);
    expect(truncated.file.startsWith(tmp)).toBe(true);
    const changed = JSON.parse(readFileSync(truncated.file, 'utf8')).changedFiles as string[];
    expect(changed.filter((f) => f.startsWith('app/static/generated/'))).toHaveLength(3000);
    expect(truncated.changedFiles).toBe(changed.length);
    // ...and the only thing a workflow needs after the step is the comment, sent over HTTP
    expect(requests.map((q) => `${q.method} ${q.url.split('?')[0]}`)).toEqual([
      'GET /repos/acme/shop/issues/12/comments',
      'POST /repos/acme/shop/issues/12/comments',
    ]);
    const comment = JSON.parse(requests[1]!.body) as { body: string };
    expect(comment.body.length).toBeLessThanOrEqual(65_536);
    expect(comment.body).toContain(`${changed.length} changed files`);
    expect(r.stdout).toContain('plan comment created on pull request #12');
  }, 180_000);
});
