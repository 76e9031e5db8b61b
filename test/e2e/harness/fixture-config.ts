/** Config building blocks for the compose-app fixture, shared by the integration and e2e tests. */

/** The seed's "Quand reconstruire les images Docker ?" table as rules, plus the fixture's tasks. */
export const FIXTURE_RULES = `rules:
  - {name: templates, paths: ["**/templates/**"], build: [web]}
  - {name: python, paths: ["**/*.py", "requirements*.txt"], build: [web, celery_worker, celery_beat]}
  - {name: dockerfile, paths: ["docker/Dockerfile"], build: all, no_cache: true}
  - {name: static, paths: ["**/static/**"], build: [web], tasks: [collectstatic], restart: [nginx]}
  - {name: docs, paths: ["**/*.md", "docs/**"], ignore: true}
tasks:
  migrate: {service: web, command: "echo migrated >> /app/media/migrations.log", paths: ["**/migrations/*.py"]}
  collectstatic: {service: web, command: "echo collectstatic"}
`;

/** `version` and `compose` for the fixture (compose files in docker/; the v1 command unless told; `services`: compose.services as flow YAML). */
export function fixtureHeader(project: string, command = 'docker-compose', files = ['docker-compose.yml'], services?: string): string {
  const extra = services ? `, services: ${services}` : '';
  return `version: 1\ncompose: {directory: docker, files: [${files.join(', ')}], project: ${project}, command: ${command}${extra}}\n`;
}

/** One compose target on the harness sshd; `extra` lines are indented under it. */
export function composeTarget(name: string, port: number, path: string, extra: string[] = []): string {
  const lines = ['strategy: compose', 'host: root@127.0.0.1', `port: ${port}`, `path: ${path}`, 'shared: [.env, media/]', ...extra];
  return `  ${name}:\n${lines.map((l) => `    ${l}`).join('\n')}\n`;
}
