/**
 * The plan comment against a local HTTP server standing in for the REST API (GITHUB_API_URL): the
 * real @actions/github octokit makes the calls; the test asserts the requests it received.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { beforeEach, describe, expect, it } from 'vitest';
import { commentPlan } from '../../src/action/plan-comment.js';
import { newReport } from '../../src/core/report.js';
import { defaultSettings } from '../../src/core/settings.js';
import { COMMENT_LIMIT, PLAN_COMMENT_MARKER, planCommentBody } from '../../src/github/pr-comment.js';
import { collectingReporter, useApiServer } from './helpers/api-server.js';
import { planFor } from './plan-fixture.js';

interface Seen {
  method: string;
  url: string;
  body: Record<string, unknown>;
}

let seen: Seen[] = [];
let comments: { id: number; body: string; user: { type: string } }[] = [];
let forbidden = false;

function handle(req: IncomingMessage, res: ServerResponse): void {
  let text = '';
  req.on('data', (c: Buffer) => (text += c.toString()));
  req.on('end', () => {
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    seen.push({ method: req.method ?? '', url: req.url ?? '', body });
    res.setHeader('content-type', 'application/json');
    if (forbidden && req.method !== 'GET') {
      res.statusCode = 403;
      res.end(JSON.stringify({ message: 'Resource not accessible by integration' }));
      return;
    }
    if (req.method === 'POST') comments.push({ id: 100 + comments.length, body: String(body.body), user: { type: 'Bot' } });
    res.statusCode = req.method === 'POST' ? 201 : 200;
    res.end(JSON.stringify(req.method === 'GET' ? comments : { id: 1 }));
  });
}

const { reporter, infos, warnings } = collectingReporter();

const settings = defaultSettings({
  command: 'plan',
  comment: true,
  github: { token: 'ghs_testtoken', repository: 'acme/shop', pullRequest: 7 },
});
const report = () => Object.assign(newReport('plan'), { plan: planFor(['M app/views.py']) });

useApiServer(handle);
beforeEach(() => {
  seen = [];
  comments = [{ id: 1, body: `${PLAN_COMMENT_MARKER} quoted by a human`, user: { type: 'User' } }];
  warnings.length = 0;
  infos.length = 0;
  forbidden = false;
});

describe('plan comment', () => {
  it('creates one comment, then updates that one in place (a human quoting the marker is left alone)', async () => {
    await commentPlan(settings, report(), reporter);
    await commentPlan(settings, report(), reporter);
    expect(seen.map((s) => `${s.method} ${s.url.split('?')[0]}`)).toEqual([
      'GET /repos/acme/shop/issues/7/comments',
      'POST /repos/acme/shop/issues/7/comments',
      'GET /repos/acme/shop/issues/7/comments',
      'PATCH /repos/acme/shop/issues/comments/101',
    ]);
    expect(String(seen[1]!.body.body)).toMatch(new RegExp(`^${PLAN_COMMENT_MARKER}\\n### Deploy plan`));
    expect(String(seen[1]!.body.body)).toContain('| web | build |');
    expect(infos).toEqual(['plan comment created on pull request #7', 'plan comment updated on pull request #7']);
    expect(warnings).toEqual([]);
  });

  it("a read-only token (a fork's pull request) is a warning, not a failure", async () => {
    forbidden = true;
    await commentPlan(settings, report(), reporter);
    expect(warnings[0]).toMatch(/plan comment not posted on pull request #7: Resource not accessible by integration/);
  });

  it('outside a pull request: a warning, no call', async () => {
    await commentPlan({ ...settings, github: { ...settings.github!, pullRequest: undefined } }, report(), reporter);
    expect(seen).toEqual([]);
    expect(warnings[0]).toMatch(/not a pull_request run/);
  });

  it('without comment: true nothing is called', async () => {
    await commentPlan({ ...settings, comment: false }, report(), reporter);
    expect(seen).toEqual([]);
  });

  it('the body fits GitHub comment limit, however large the plan', () => {
    const body = planCommentBody('x'.repeat(300_000), 'https://github.example/run/1');
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body).toContain('(cut: the full plan is in the job summary)');
    expect(body.endsWith('[Job summary](https://github.example/run/1)')).toBe(true);
  });
});
