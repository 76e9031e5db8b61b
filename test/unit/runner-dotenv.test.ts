import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { buildVariables, refuseHostOnlyDotEnv } from '../../src/strategies/runner-dotenv.js';

const COMPOSE = `services:
  web:
    build:
      context: ..
      args:
        BASE: \${BASE_IMAGE:-base:latest}
        API: $API_URL
        FIXED: "1"
    image: app-web:\${TAG}
    environment:
      RUNTIME: \${RUNTIME_ONLY}
  worker:
    build: {context: .., args: ["MODE=\${MODE?set it}"]}
  plain:
    build: ..
  db:
    image: postgres:\${PG}
`;

describe('buildVariables', () => {
  it("names the variables each service's build section and image interpolate (not its environment), sorted", () => {
    expect(buildVariables({ 'docker/docker-compose.yml': COMPOSE }, ['web', 'worker', 'plain'])).toEqual({
      web: ['API_URL', 'BASE_IMAGE', 'TAG'],
      worker: ['MODE'],
    });
  });

  it('only the services asked for; a file that does not parse is skipped', () => {
    expect(buildVariables({ 'a.yml': COMPOSE, 'b.yml': 'services: [' }, ['plain'])).toEqual({});
    expect(buildVariables({ 'a.yml': COMPOSE }, ['db'])).toEqual({ db: ['PG'] });
  });

  it('`$$` is a literal dollar, not a variable', () => {
    expect(buildVariables({ 'a.yml': 'services:\n  web:\n    build: {context: ., args: {X: "$$HOME"}}\n' }, ['web'])).toEqual({});
  });
});

describe('refuseHostOnlyDotEnv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'runner-dotenv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'docker'));
  writeFileSync(join(dir, 'docker', 'docker-compose.yml'), COMPOSE);
  const compose = { directory: 'docker', files: ['docker-compose.yml'] };

  it('refuses (UserError) when the compose .env is a shared entry absent from the export and a build reads it', () => {
    for (const shared of [['docker/.env'], ['media/', 'docker/']]) {
      const run = () => refuseHostOnlyDotEnv(dir, { compose, shared }, ['web', 'plain']);
      expect(run).toThrow(UserError);
      expect(run).toThrow(
        'build.on: runner: docker/.env is kept on the hosts (shared), not in the commit, and the build of web (${API_URL}, ${BASE_IMAGE}, ${TAG}) interpolates it',
      );
    }
  });

  it('lets the build run when the .env is not shared, when no planned build reads a variable, or when the commit has it', () => {
    expect(() => refuseHostOnlyDotEnv(dir, { compose, shared: ['.env'] }, ['web'])).not.toThrow();
    expect(() => refuseHostOnlyDotEnv(dir, { compose, shared: ['docker/.env'] }, ['plain'])).not.toThrow();
    writeFileSync(join(dir, 'docker', '.env'), 'BASE_IMAGE=x\n');
    expect(() => refuseHostOnlyDotEnv(dir, { compose, shared: ['docker/.env'] }, ['web'])).not.toThrow();
  });
});
