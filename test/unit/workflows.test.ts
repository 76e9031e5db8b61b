/**
 * The copy-ready workflows (deploy/workflows) and this repository's own (.github/workflows) are
 * valid YAML, call this action only with inputs that action.yml declares, and pin third-party
 * actions by commit sha.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMANDS } from '../../src/core/settings.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  if?: string;
}
interface Job {
  steps?: Step[];
  concurrency?: unknown;
  environment?: unknown;
}
interface Workflow {
  name?: string;
  on: Record<string, { inputs?: Record<string, unknown>; branches?: string[] } | null> & { schedule?: { cron: string }[] };
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean };
  jobs: Record<string, Job>;
}

const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> };
const declared = new Set(Object.keys(action.inputs));

function workflows(dir: string): [string, Workflow, string][] {
  return readdirSync(join(root, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => {
      const text = readFileSync(join(root, dir, f), 'utf8');
      return [`${dir}/${f}`, parse(text, { strict: true, uniqueKeys: true }) as Workflow, text];
    });
}

const all = [...workflows('deploy/workflows'), ...workflows('.github/workflows')];
const copyReady = new Map(workflows('deploy/workflows').map(([f, w, text]) => [f.split('/').pop()!, { w, text }]));
const isOurs = (uses: string) => uses === './' || /^[^/\s]+\/gitops-deploy@\S+$/.test(uses);
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps ?? []);

describe('workflow files', () => {
  it('ships the four copy-ready workflows', () => {
    expect([...copyReady.keys()].sort()).toEqual(['backup.yml', 'deploy.yml', 'plan.yml', 'rollback.yml']);
  });

  it.each(all.map(([f, w]) => [f, w] as const))('%s calls the action only with declared inputs', (_f, w) => {
    expect(w.jobs && Object.keys(w.jobs).length).toBeGreaterThan(0);
    for (const step of steps(w).filter((s) => s.uses && isOurs(s.uses))) {
      const unknown = Object.keys(step.with ?? {}).filter((k) => !declared.has(k));
      expect(unknown).toEqual([]);
      const command = String(step.with?.command ?? 'deploy');
      expect(COMMANDS).toContain(command);
    }
  });

  it.each(all.map(([f, w]) => [f, w] as const))('%s pins third-party actions by a full commit sha', (_f, w) => {
    for (const step of steps(w).filter((s) => s.uses && !isOurs(s.uses))) {
      expect(step.uses).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
    }
  });

  it.each([...copyReady.entries()].map(([f, { text }]) => [f, text] as const))('%s only references declared workflow_dispatch inputs', (f, text) => {
    const w = copyReady.get(f)!.w;
    const inputs = new Set(Object.keys(w.on.workflow_dispatch?.inputs ?? {}));
    const used = [...text.matchAll(/\binputs\.([\w-]+)/g)].map((m) => m[1]!);
    expect(used.filter((u) => !inputs.has(u))).toEqual([]);
  });

  it('each copy-ready workflow uses the action, deploy/rollback/backup share one concurrency group per target', () => {
    for (const { w } of copyReady.values()) expect(steps(w).some((s) => s.uses && isOurs(s.uses))).toBe(true);
    for (const f of ['deploy.yml', 'rollback.yml', 'backup.yml']) {
      const c = copyReady.get(f)!.w.concurrency!;
      expect(c.group).toMatch(/^gitops-deploy-/);
      expect(c['cancel-in-progress']).toBe(false);
    }
  });

  it('deploy.yml: push to main, environment, command deploy', () => {
    const w = copyReady.get('deploy.yml')!.w;
    expect(w.on.push?.branches).toEqual(['main']);
    const job = Object.values(w.jobs)[0]!;
    expect(job.environment).toBeTruthy();
    expect(steps(w).find((s) => s.uses && isOurs(s.uses))?.with?.command).toBe('deploy');
  });

  it('rollback.yml: workflow_dispatch with target / to / restore-db passed to the action', () => {
    const w = copyReady.get('rollback.yml')!.w;
    expect(Object.keys(w.on.workflow_dispatch?.inputs ?? {}).sort()).toEqual(['restore-db', 'target', 'to']);
    const ours = steps(w).find((s) => s.uses && isOurs(s.uses))!;
    expect(ours.with).toMatchObject({ command: 'rollback', target: '${{ inputs.target }}', to: '${{ inputs.to }}', 'restore-db': '${{ inputs.restore-db }}' });
    expect(w.permissions?.deployments).toBe('write');
  });

  it('backup.yml: schedule + manual, artifact upload, drill', () => {
    const w = copyReady.get('backup.yml')!.w;
    expect(w.on.schedule?.length).toBeGreaterThan(0);
    expect(w.on).toHaveProperty('workflow_dispatch');
    const ours = steps(w).find((s) => s.uses && isOurs(s.uses))!;
    expect(ours.with).toMatchObject({ command: 'backup', 'upload-artifact': 'true' });
    expect(String(ours.with?.drill)).toContain('inputs.drill');
  });

  it('plan.yml: pull_request, plan mode, one PR comment updated in place', () => {
    const { w, text } = copyReady.get('plan.yml')!;
    expect(w.on).toHaveProperty('pull_request');
    expect(w.permissions?.['pull-requests']).toBe('write');
    const ours = steps(w).find((s) => s.uses && isOurs(s.uses))!;
    expect(ours.with?.command).toBe('plan');
    const script = steps(w).find((s) => s.uses?.startsWith('actions/github-script@'));
    expect(script?.env?.PLAN).toBe('${{ steps.plan.outputs.plan }}');
    expect(text).toContain('updateComment');
    expect(text).toContain('createComment');
    // github-script wraps the script in an async function: it must at least compile
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => unknown;
    expect(() => new AsyncFunction('github', 'context', 'process', String(script?.with?.script))).not.toThrow();
  });

  it('plan.yml: the comment script creates one comment, then updates it in place', async () => {
    const { w } = copyReady.get('plan.yml')!;
    const source = String(steps(w).find((s) => s.uses?.startsWith('actions/github-script@'))?.with?.script);
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
    const run = new AsyncFunction('github', 'context', 'process', source);
    const plan = { from: 'a'.repeat(40), to: 'b'.repeat(40), build: ['web'], noCache: [], recreate: [], restart: ['nginx'], remove: [], tasks: ['collectstatic'], reasons: [{ action: 'build', service: 'web', rule: 'templates', files: ['app/templates/index.html'] }], warnings: [] };
    const comments: { id: number; body: string; user: { type: string } }[] = [{ id: 1, body: 'LGTM', user: { type: 'User' } }];
    const calls: string[] = [];
    const github = {
      paginate: async () => comments,
      rest: {
        issues: {
          listComments: {},
          createComment: async (a: { body: string }) => void (calls.push('create'), comments.push({ id: 2, body: a.body, user: { type: 'Bot' } })),
          updateComment: async (a: { comment_id: number; body: string }) => void calls.push(`update ${a.comment_id}`),
        },
      },
    };
    const context = { repo: { owner: 'acme', repo: 'shop' }, payload: { pull_request: { number: 7 } } };
    const proc = { env: { PLAN: JSON.stringify(plan) } };
    await run(github, context, proc);
    await run(github, context, proc);
    expect(calls).toEqual(['create', 'update 2']);
    expect(comments[1]!.body).toContain('| build | `web` |');
    expect(comments[1]!.body).toContain('aaaaaaaaaaaa → bbbbbbbbbbbb');
  });

  it("this repository's workflows self-test the action with `uses: ./` in plan mode", () => {
    const own = workflows('.github/workflows').flatMap(([, w]) => steps(w));
    expect(own.some((s) => s.uses === './' && s.with?.command === 'plan')).toBe(true);
  });
});
