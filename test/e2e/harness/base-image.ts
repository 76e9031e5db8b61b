/**
 * Extra build contexts in the compose-app fixture: a service `zbase` whose image (`<repo>:latest`)
 * web builds FROM (web's `ARG BASE` names it through `build.args`), the fixture's .dockerignore
 * with such a context added, and the clean-up of the images they tag outside `<project>-*`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { docker, FIXTURE_BASE_IMAGE, projectContainers } from './docker.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/compose-app', import.meta.url));

/** The fixture's .dockerignore with `entry` added (a build context the app's image must not copy). */
export function fixtureIgnoreWith(entry: string): string {
  return `${readFileSync(join(FIXTURE, '.dockerignore'), 'utf8')}${entry}\n`;
}

/** docker/e2e.yml: zbase builds ../base as `image`, web builds on it. */
export function zbaseOverride(image: string): string {
  return `services:
  web:
    build:
      args:
        BASE: ${image}
  zbase:
    build: ../base
    image: ${image}
    network_mode: none
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 100000 & wait $$!"]
`;
}

/** The repo files of zbase building `image` (its /base.txt says base-1); compose.files must add e2e.yml. */
export function zbaseFiles(image: string): Record<string, string> {
  return {
    'docker/e2e.yml': zbaseOverride(image),
    '.dockerignore': fixtureIgnoreWith('base'),
    'base/Dockerfile': `FROM ${FIXTURE_BASE_IMAGE}\nCOPY base.txt /base.txt\n`,
    'base/base.txt': 'base-1\n',
  };
}

/** The trimmed output of `sh -c script` in the project's container of `service` (there must be one). */
export async function shIn(project: string, service: string, script: string): Promise<string> {
  const [c] = (await projectContainers(project)).filter((x) => x.service === service);
  expect(c, `a ${service} container`).toBeDefined();
  return (await docker(['exec', c!.id, 'sh', '-c', script])).stdout.trim();
}

/** Removes every tag of `repository` (force: a tag may name an image other tags name too). */
export async function removeImagesOf(repository: string): Promise<void> {
  const tags = await docker(['images', '--filter', `reference=${repository}`, '--format', '{{.Repository}}:{{.Tag}}'], true);
  const refs = tags.stdout.split('\n').filter((t) => t.trim() !== '' && !t.includes('<none>'));
  if (refs.length > 0) await docker(['rmi', '-f', ...refs], true);
}
