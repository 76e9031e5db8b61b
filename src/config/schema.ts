/** The deploy config schema (zod 4), its types, and its JSON schema. */
import * as z from 'zod';
import { crossReferenceIssues } from './cross-refs.js';
import { discriminatedIfThen } from './json-schema.js';
import { described, name, relativePath, PROJECT_PATTERN } from './fields.js';
import { rulesSchema, tasksSchema } from './rules.js';
import { composeServicesSchema } from './services.js';
import { composeTargetSchema, passengerTargetSchema, swarmTargetSchema, targetSchema } from './targets.js';

export const SCHEMA_ID = 'urn:gitops-deploy:config:v1';
const DEFAULT_COMPOSE_FILES = ['docker-compose.yml'];
const mapping = { error: 'expected a mapping' };

const composeSchema = described(
  z
    .strictObject(
      {
        directory: described(
          relativePath('a repo-relative directory').default('.'),
          'Directory of the compose files, relative to the repository root. Default ".".',
        ),
        files: described(
          z
            .array(relativePath('a file path relative to compose.directory'), { error: 'expected a list of compose files' })
            .min(1, { error: 'expected a list of compose files (at least one)' })
            .default([...DEFAULT_COMPOSE_FILES]),
          'Compose files relative to `directory`, merged in order (like -f a -f b). Default ["docker-compose.yml"].',
        ),
        project: described(
          z
            .string({ error: 'expected a compose project name' })
            .regex(PROJECT_PATTERN, { error: `expected a compose project name matching ${PROJECT_PATTERN.source}` })
            .optional(),
          'Compose project name, always passed as -p. Required when a target uses strategy "compose".',
        ),
        command: described(
          z.enum(['docker compose', 'docker-compose'], { error: 'expected "docker compose" or "docker-compose"' }).optional(),
          'Compose command on the host: "docker compose" (v2) or "docker-compose" (v1). Default: detected on the host ("docker compose" when `docker compose version` works, else "docker-compose").',
        ),
        services: composeServicesSchema,
      },
      mapping,
    )
    .prefault({}),
  'Where the compose files live and how compose is invoked.',
);

export const configSchema = z
  .strictObject(
    {
      version: described(z.literal(1, { error: 'expected 1' }), 'Config format version; must be 1.'),
      compose: composeSchema,
      rules: rulesSchema,
      tasks: tasksSchema,
      targets: described(
        z.record(name('target'), targetSchema, { error: 'expected a mapping of target names to targets' }).default({}),
        'Deploy destinations by name (e.g. production, staging).',
      ),
    },
    { error: 'expected a mapping (version, compose, rules, tasks, targets)' },
  )
  .superRefine(
    (config, ctx) => {
      for (const issue of crossReferenceIssues(config)) ctx.addIssue({ code: 'custom', ...issue });
    },
    { when: () => true },
  );

export type Config = z.output<typeof configSchema>;
export type Target = Config['targets'][string];
export type ComposeTarget = z.output<typeof composeTargetSchema>;
export type PassengerTarget = z.output<typeof passengerTargetSchema>;
export type SwarmTarget = z.output<typeof swarmTargetSchema>;

/** JSON schema of the file as written (input side: keys with defaults are optional). */
export function configJsonSchema(): Record<string, unknown> {
  const generated = discriminatedIfThen(z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' })) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: SCHEMA_ID,
    title: 'gitops-deploy configuration (.github/deploy.yml)',
    description: 'Config of gitops-deploy: compose files, change rules, tasks and deploy targets. See docs/config.md.',
    ...rest,
    // top-level "x-" keys hold YAML anchors; the loader drops them before validation
    patternProperties: { '^x-': {} },
  };
}
