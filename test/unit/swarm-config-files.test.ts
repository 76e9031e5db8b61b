import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseComposeModel } from '../../src/compose/model.js';
import { UserError } from '../../src/core/errors.js';
import { refuseRollbackConfigs, refuseStaleConfigs } from '../../src/strategies/swarm/config-files.js';
import { withAttached } from '../../src/strategies/swarm/decide.js';
import {
  judgeObjects,
  parseHeldObjects,
  recordedSecrets,
  releaseObjects,
  swarmObjectsScript,
  type SwarmObject,
} from '../../src/strategies/swarm/objects.js';

const COMPOSE = `services:
  web:
    image: web
    configs: [page, {source: nginx, target: /etc/nginx.conf}]
    secrets: [key]
  worker:
    image: worker
    configs: [page]
configs:
  page: {file: ./conf/page.txt}
  nginx: {name: nginx-v2, file: ./conf/nginx.conf}
secrets:
  key: {file: ./secret.key}
`;
const model = parseComposeModel([{ path: 'deploy/docker-compose.yml', content: COMPOSE }], 'deploy');

describe('the configs/secrets of a swarm release, by swarm name', () => {
  it('the model lists each service’s config/secret files (repo-relative) and their `name:`', () => {
    expect(model.services.web!.configFiles).toEqual(['deploy/conf/nginx.conf', 'deploy/conf/page.txt', 'deploy/secret.key']);
    expect(model.services.web!.fileObjects).toEqual([
      { kind: 'configs', key: 'page', file: 'deploy/conf/page.txt' },
      { kind: 'configs', key: 'nginx', file: 'deploy/conf/nginx.conf', name: 'nginx-v2' },
      { kind: 'secrets', key: 'key', file: 'deploy/secret.key' },
    ]);
  });

  it('one object per swarm name (`name:`, else <stack>_<key>) with the services that use it', () => {
    expect(releaseObjects(model, 'st', ['web', 'worker'])).toEqual([
      { kind: 'configs', name: 'st_page', file: 'deploy/conf/page.txt', services: ['web', 'worker'] },
      { kind: 'configs', name: 'nginx-v2', file: 'deploy/conf/nginx.conf', services: ['web'] },
      { kind: 'secrets', name: 'st_key', file: 'deploy/secret.key', services: ['web'] },
    ]);
  });

  it('parses the manager’s answer', () => {
    const seen = parseHeldObjects('ref web configs st_page\nref web secrets st_key\nhas configs st_page abc\nhas secrets st_key -\n');
    expect(seen.refs.get('web')).toEqual(new Set(['configs st_page', 'secrets st_key']));
    expect(seen.held).toEqual(
      new Map([
        ['configs st_page', 'abc'],
        ['secrets st_key', '-'],
      ]),
    );
  });
});

/** A stub `docker`: web references st_page and st_key; swarm holds st_page (content "p1\\n") and st_key. */
const STUB = `#!/bin/sh
case "$1 $2" in
  "service inspect") [ "$5" = st_web ] && printf 'configs st_page\\nsecrets st_key\\n\\n';;
  "config inspect") [ "$5" = st_page ] && { printf '"%s"\\n' "$(printf 'p1\\n' | base64)"; exit 0; }; exit 1;;
  "secret inspect") [ "$5" = st_key ] && { echo id; exit 0; }; exit 1;;
esac
`;

describe('swarmObjectsScript, run by dash against a stub docker', () => {
  it('lists the references of each service, each held config with its content’s sha256, each held secret with its swarm ID; nothing for the others', () => {
    const dir = mkdtempSync(join(tmpdir(), 'swarm-objects-'));
    try {
      writeFileSync(join(dir, 'docker'), STUB);
      chmodSync(join(dir, 'docker'), 0o755);
      const objects: SwarmObject[] = [
        { kind: 'configs', name: 'st_page', file: 'p', services: ['web'] },
        { kind: 'configs', name: 'gone', file: 'p', services: ['web'] },
        { kind: 'secrets', name: 'st_key', file: 'k', services: ['web'] },
        { kind: 'secrets', name: 'gone', file: 'k', services: ['web'] },
      ];
      const out = execFileSync('dash', ['-c', swarmObjectsScript('st', ['web', 'api'], objects)], {
        env: { PATH: `${dir}:${process.env.PATH}` },
      }).toString();
      const seen = parseHeldObjects(out);
      expect(seen.refs).toEqual(new Map([['web', new Set(['configs st_page', 'secrets st_key'])]]));
      const p1 = createHash('sha256').update('p1\n').digest('hex');
      expect(seen.held).toEqual(
        new Map([
          ['configs st_page', p1],
          ['secrets st_key', 'id'],
        ]),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('judgeObjects: what swarm holds under each name, against the release’s content', () => {
  const page: SwarmObject = { kind: 'configs', name: 'p-2', file: 'page.txt', services: ['web'] };
  const key: SwarmObject = { kind: 'secrets', name: 'k-2', file: 'key.txt', services: ['web'] };
  const hashes = new Map([['page.txt', 'h2']]);
  const seen = (lines: string) => parseHeldObjects(lines);
  it.each([
    ['a config used now with the same content: nothing to do', 'ref web configs p-2\nhas configs p-2 h2', [], []],
    ['a config swarm does not hold: created (stack deploy)', 'ref web configs p-1\nhas configs p-1 h1', ['web'], []],
    ['a config held with the same content, not used now: re-pointed', 'ref web configs p-1\nhas configs p-2 h2', ['web'], []],
    ['a config held with another content: refused', 'ref web configs p-2\nhas configs p-2 h1', [], ['web: page.txt (config p-2)']],
    ['the same, not used now: refused', 'has configs p-2 h1', [], ['web: page.txt (config p-2)']],
  ])('%s', (_what, out, attach, conflicts) => {
    const v = judgeObjects([page], seen(out), hashes, new Set());
    expect(v.attach).toEqual(attach);
    expect(v.conflicts.map((c) => `${c.service}: ${c.file} (${c.object})`)).toEqual(conflicts);
  });

  it.each([
    ['a secret used now, its file unchanged: nothing to do', 'ref web secrets k-2\nhas secrets k-2 -', [], [], []],
    ['a secret used now whose file changed: refused', 'ref web secrets k-2\nhas secrets k-2 -', ['key.txt'], [], ['web']],
    ['a secret not used now (held or not): attached by a stack deploy, which swarm checks', 'has secrets k-2 -', ['key.txt'], ['web'], []],
  ])('%s', (_what, out, changed, attach, conflicts) => {
    const v = judgeObjects([key], seen(out), hashes, new Set(changed));
    expect(v.attach).toEqual(attach);
    expect(v.conflicts.map((c) => c.service)).toEqual(conflicts);
  });

  const recorded = recordedSecrets([
    { secrets: { 'k-2': { id: 'id1', sha256: 'k1' } } },
    { secrets: { 'k-9': { id: 'id9', sha256: 'k9' }, bad: { id: 3 } as unknown as { id: string } } },
    {},
  ]);
  it.each([
    ['held under the recorded ID with another content: refused', 'has secrets k-2 id1', [], ['web']],
    ['held under the recorded ID with this content: attached', 'has secrets k-2 id1', ['key.txt'], []],
    ['held under another ID (created again since): attached, swarm checks', 'has secrets k-2 id2', [], []],
  ])('a secret not used now, %s', (_what, out, same, conflicts) => {
    const withKey = new Map([...hashes, ['key.txt', same.length > 0 ? 'k1' : 'k2']]);
    const v = judgeObjects([key], seen(out), withKey, new Set(), recorded);
    expect(v.conflicts.map((c) => c.service)).toEqual(conflicts);
    expect(v.attach).toEqual(conflicts.length > 0 ? [] : ['web']);
  });

  it('recordedSecrets keeps well-formed records only, by name and ID', () => {
    expect(recorded).toEqual(
      new Map([
        ['k-2 id1', 'k1'],
        ['k-9 id9', 'k9'],
      ]),
    );
  });

  it('an update that must attach an object becomes a stack deploy of its services; a stack deploy watches them too', () => {
    expect(withAttached({ kind: 'update', images: ['api'], restart: [] }, ['web'])).toEqual({
      kind: 'stack',
      reason: 'configs/secrets to create or attach: web',
      services: ['api', 'web'],
      prune: false,
    });
    expect(withAttached({ kind: 'stack', reason: 'r', services: ['api'], prune: true }, ['web'])).toMatchObject({
      services: ['api', 'web'],
    });
    const update = { kind: 'update' as const, images: ['api'], restart: [] };
    expect(withAttached(update, [])).toBe(update);
  });
});

describe('refusals (exit 2) before anything changes', () => {
  const conflicts = [{ service: 'web', file: 'deploy/conf/page.txt', object: 'config st_page' }];
  it('a deploy: names the service, file and swarm object, and how to deploy it', () => {
    const refuse = () => refuseStaleConfigs(conflicts);
    expect(refuse).toThrow(UserError);
    expect(refuse).toThrow(/immutable.*\(web: deploy\/conf\/page\.txt\).*config st_page.*new key/);
    expect(() => refuseStaleConfigs([])).not.toThrow();
  });

  it('a rollback: names the release, each service and file, and says nothing was changed', () => {
    const refuse = () => refuseRollbackConfigs(conflicts, 'abc1234');
    expect(refuse).toThrow(UserError);
    expect(refuse).toThrow(
      /^rollback to abc1234: .*\(web: deploy\/conf\/page\.txt\): swarm holds config st_page.*immutable.*Nothing was changed/,
    );
    expect(() => refuseRollbackConfigs([], 'abc1234')).not.toThrow();
  });
});
