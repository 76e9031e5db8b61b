/**
 * GitHub Deployments against a local HTTP server standing in for the REST API (GITHUB_API_URL):
 * the real @actions/github octokit makes the calls; the test asserts the requests it received.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../src/core/settings.js';
import { withGithubDeployment } from '../../src/github/with-deployment.js';
import { collectingReporter, useApiServer } from './helpers/api-server.js';

interface Seen {
  method: string;
  url: string;
  auth?: string;
  body: Record<string, unknown>;
}

let seen: Seen[] = [];
let failCreate = false;

function handle(req: IncomingMessage, res: ServerResponse): void {
  let text = '';
  req.on('data', (c: Buffer) => (text += c.toString()));
  req.on('end', () => {
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      auth: req.headers.authorization,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    });
    res.setHeader('content-type', 'application/json');
    if (failCreate) {
      res.statusCode = 403;
      res.end(JSON.stringify({ message: 'Resource not accessible by integration' }));
    } else if (req.url === '/repos/acme/shop/deployments') {
      res.statusCode = 201;
      res.end(JSON.stringify({ id: 4242 }));
    } else {
      res.statusCode = 201;
      res.end(JSON.stringify({ id: seen.length, state: 'ok' }));
    }
  });
}

const { reporter, warnings } = collectingReporter();

const settings = defaultSettings({
  command: 'rollback',
  run: { id: '77', actor: 'alice', url: 'https://github.example/acme/shop/actions/runs/77' },
  github: { token: 'ghs_testtoken', repository: 'acme/shop', environmentUrl: 'https://shop.example.com' },
});
const info = {
  ref: 'a'.repeat(40),
  task: 'deploy:rollback' as const,
  description: 'rollback of production from bbbbbbbbbbbb to aaaaaaaaaaaa',
};

useApiServer(handle);

beforeEach(() => {
  seen = [];
  warnings.length = 0;
  failCreate = false;
});

describe('GitHub Deployments', () => {
  it('creates the deployment, then in_progress and success statuses with the environment URL', async () => {
    const value = await withGithubDeployment(settings, 'production', reporter, info, async () => 'done');
    expect(value).toBe('done');
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST /repos/acme/shop/deployments',
      'POST /repos/acme/shop/deployments/4242/statuses',
      'POST /repos/acme/shop/deployments/4242/statuses',
    ]);
    expect(seen[0]!.auth).toBe('token ghs_testtoken');
    expect(seen[0]!.body).toMatchObject({
      ref: 'a'.repeat(40),
      task: 'deploy:rollback',
      environment: 'production',
      auto_merge: false,
      required_contexts: [],
      description: info.description,
    });
    const statuses = seen.slice(1).map((s) => s.body);
    expect(statuses.map((b) => b.state)).toEqual(['in_progress', 'success']);
    for (const b of statuses) {
      expect(b).toMatchObject({
        environment: 'production',
        environment_url: 'https://shop.example.com',
        log_url: 'https://github.example/acme/shop/actions/runs/77',
      });
    }
    expect(warnings).toEqual([]);
  });

  it('reports failure with the error and rethrows it; the environment input overrides the target name', async () => {
    const s = { ...settings, github: { ...settings.github!, environment: 'prod-eu' } };
    const run = withGithubDeployment(s, 'production', reporter, info, async () => {
      throw new Error('health check failed: web is unhealthy');
    });
    await expect(run).rejects.toThrow('health check failed');
    expect(seen[0]!.body.environment).toBe('prod-eu');
    expect(seen.at(-1)!.body).toMatchObject({
      state: 'failure',
      description: 'health check failed: web is unhealthy',
      environment: 'prod-eu',
    });
  });

  it('an API error is a warning: the run itself goes on', async () => {
    failCreate = true;
    const value = await withGithubDeployment(settings, 'production', reporter, info, async () => 42);
    expect(value).toBe(42);
    expect(seen).toHaveLength(1);
    expect(warnings[0]).toMatch(/GitHub deployment not recorded: Resource not accessible by integration/);
  });

  it('without a token nothing is called', async () => {
    const value = await withGithubDeployment({ ...settings, github: undefined }, 'production', reporter, info, async () => 1);
    expect(value).toBe(1);
    expect(seen).toEqual([]);
  });
});

describe('the deployment in the run report (outputs deployment-id, environment-url)', () => {
  it('tells the caller the created deployment, with its environment and URL', async () => {
    const created: unknown[] = [];
    await withGithubDeployment(settings, 'production', reporter, { ...info, onCreated: (d) => created.push(d) }, async () => 'done');
    expect(created).toEqual([{ id: 4242, environment: 'production', url: settings.github!.environmentUrl }]);
  });

  it('says nothing when the deployment could not be created', async () => {
    failCreate = true;
    const created: unknown[] = [];
    await withGithubDeployment(settings, 'production', reporter, { ...info, onCreated: (d) => created.push(d) }, async () => 'done');
    expect(created).toEqual([]);
  });
});
