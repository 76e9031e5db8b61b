import { describe, expect, it } from 'vitest';
import { parseComposeModel } from '../../src/compose/model.js';
import { UserError } from '../../src/core/errors.js';
import { changedConfigFiles, refuseRollbackConfigs, refuseStaleConfigs } from '../../src/strategies/swarm/config-files.js';

const COMPOSE = `services:
  web:
    image: web
    configs: [page, {source: nginx, target: /etc/nginx.conf}]
    secrets: [key]
  worker:
    image: worker
configs:
  page: {file: ./conf/page.txt}
  nginx: {file: ./conf/nginx.conf}
secrets:
  key: {file: ./secret.key}
`;
const model = parseComposeModel([{ path: 'deploy/docker-compose.yml', content: COMPOSE }], 'deploy');

describe('a swarm restart that would keep a changed config/secret', () => {
  it('the model lists each service’s config/secret files, repo-relative', () => {
    expect(model.services.web!.configFiles).toEqual(['deploy/conf/nginx.conf', 'deploy/conf/page.txt', 'deploy/secret.key']);
    expect(model.services.worker!.configFiles).toBeUndefined();
  });

  it.each([
    [
      'a config file of a restarted service',
      [{ path: 'deploy/conf/page.txt', status: 'M' as const }],
      ['web'],
      ['web: deploy/conf/page.txt'],
    ],
    [
      'a renamed-away secret file',
      [{ path: 'x.key', status: 'R' as const, oldPath: 'deploy/secret.key' }],
      ['web'],
      ['web: deploy/secret.key'],
    ],
    ['another file', [{ path: 'deploy/conf/other.txt', status: 'M' as const }], ['web'], []],
    ['a service not restarted', [{ path: 'deploy/conf/page.txt', status: 'M' as const }], ['worker'], []],
  ])('%s', (_what, changes, restart, expected) => {
    expect(changedConfigFiles(model, changes, restart)).toEqual(expected);
  });

  it('refused with a UserError (exit 2) naming the service and file, and how to deploy it', () => {
    const refuse = () => refuseStaleConfigs(model, [{ path: 'deploy/conf/page.txt', status: 'M' }], ['web']);
    expect(refuse).toThrow(UserError);
    expect(refuse).toThrow(/immutable.*web: deploy\/conf\/page\.txt.*new key/);
    expect(() => refuseStaleConfigs(model, [], ['web'])).not.toThrow();
  });
});

describe('a swarm rollback that would keep a config/secret content the target release does not have', () => {
  it('refused (exit 2) naming the release, each service and file, whatever the rollback updates', () => {
    const changes = [{ path: 'deploy/conf/page.txt', status: 'M' as const }];
    const refuse = () => refuseRollbackConfigs(model, changes, 'abc1234');
    expect(refuse).toThrow(UserError);
    expect(refuse).toThrow(/^rollback to abc1234: .*\(web: deploy\/conf\/page\.txt\).*immutable.*Nothing was changed.*new key/);
  });

  it('a change to another file (or none) lets the rollback go on', () => {
    expect(() => refuseRollbackConfigs(model, [{ path: 'deploy/conf/other.txt', status: 'M' }], 'abc1234')).not.toThrow();
    expect(() => refuseRollbackConfigs(model, [], 'abc1234')).not.toThrow();
  });
});
