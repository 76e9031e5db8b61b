import { describe, expect, it } from 'vitest';
import { diffComposeModels } from '../../src/compose/diff.js';
import { parseComposeModel } from '../../src/compose/model.js';

const model = (services: string) => parseComposeModel([{ path: 'compose.yml', content: `services:\n${services}` }], '.');

const BEFORE = `  web:
    build: .
    command: gunicorn
    environment: {A: "1", B: "2"}
  worker:
    build: .
    command: celery worker
  db:
    image: postgres:16
`;

describe('diffComposeModels', () => {
  it.each([
    ['no change', BEFORE, { build: [], recreate: [], remove: [] }],
    [
      'key order and list-vs-map environment do not matter',
      BEFORE.replace('{A: "1", B: "2"}', '[B=2, A=1]'),
      { build: [], recreate: [], remove: [] },
    ],
    [
      'a command change recreates only that service',
      BEFORE.replace('celery worker', 'celery worker -c 4'),
      { build: [], recreate: ['worker'], remove: [] },
    ],
    [
      'a build change builds',
      BEFORE.replace('build: .\n    command: gunicorn', 'build: {context: ., args: {V: "2"}}\n    command: gunicorn'),
      { build: ['web'], recreate: [], remove: [] },
    ],
    ['an image change recreates', BEFORE.replace('postgres:16', 'postgres:17'), { build: [], recreate: ['db'], remove: [] }],
    [
      'a new image service is recreated (created)',
      `${BEFORE}  redis:\n    image: redis:7\n`,
      { build: [], recreate: ['redis'], remove: [] },
    ],
    ['a new buildable service is built', `${BEFORE}  beat:\n    build: .\n`, { build: ['beat'], recreate: [], remove: [] }],
    ['a gone service is removed', BEFORE.replace('  db:\n    image: postgres:16\n', ''), { build: [], recreate: [], remove: ['db'] }],
  ])('%s', (_name, after, expected) => {
    expect(diffComposeModels(model(BEFORE), model(after))).toEqual(expected);
  });

  it('null from: every service is new', () => {
    expect(diffComposeModels(null, model(BEFORE))).toEqual({ build: ['web', 'worker'], recreate: ['db'], remove: [] });
  });

  it('a change in an anchor recreates every service using it', () => {
    const anchored = (cmd: string) =>
      parseComposeModel(
        [
          {
            path: 'c.yml',
            content: `x-app: &app\n  build: .\n  restart: ${cmd}\nservices:\n  a: {<<: *app}\n  b: {<<: *app}\n  db: {image: pg}\n`,
          },
        ],
        '.',
      );
    expect(diffComposeModels(anchored('always'), anchored('unless-stopped'))).toEqual({ build: [], recreate: ['a', 'b'], remove: [] });
  });
});
