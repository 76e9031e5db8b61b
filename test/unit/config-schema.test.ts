import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { configJsonSchema, SCHEMA_ID } from '../../src/config/schema.js';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFile(new URL(path, root), 'utf8');

type JsonSchema = { properties?: Record<string, JsonSchema>; [key: string]: unknown };

/** Every `properties` entry of a JSON schema, as [dotted path, schema]. */
function properties(schema: unknown, prefix = ''): [string, JsonSchema][] {
  if (typeof schema !== 'object' || schema === null) return [];
  const out: [string, JsonSchema][] = [];
  for (const [key, value] of Object.entries(schema as JsonSchema)) {
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      for (const [name, sub] of Object.entries(value as Record<string, JsonSchema>)) {
        out.push([`${prefix}${name}`, sub], ...properties(sub, `${prefix}${name}.`));
      }
    } else if (key === 'if' || key === 'not') {
      // conditions name keys, they do not declare them
    } else if (typeof value === 'object' && value !== null) {
      out.push(...properties(value, prefix));
    }
  }
  return out;
}

describe('JSON schema', () => {
  it('on disk equals configJsonSchema() (regenerate: npx tsc -p tsconfig.build.json && node scripts/write-schema.js)', async () => {
    const onDisk: unknown = JSON.parse(await read('deploy/schema/deploy.schema.json'));
    expect(onDisk).toEqual(configJsonSchema());
  });

  it('has an id, a title and a description for every key', () => {
    const schema = configJsonSchema();
    expect(schema.$id).toBe(SCHEMA_ID);
    expect(schema.title).toMatch(/gitops-deploy/);
    const props = properties(schema);
    expect(props.length).toBeGreaterThan(40);
    const undocumented = props.filter(([, s]) => typeof s.description !== 'string').map(([p]) => p);
    expect(undocumented).toEqual([]);
  });

  it('describes the input side: keys with defaults are optional, durations are strings', () => {
    const schema = configJsonSchema() as JsonSchema & { required?: string[] };
    expect(schema.required).toEqual(['version']);
    const lockTtl = properties(schema).find(([p]) => p === 'targets.lock_ttl')?.[1];
    expect(lockTtl).toMatchObject({ type: 'string', default: '2m' });
  });

  it('uses patterns that compile as unicode regexes (as editors use them)', () => {
    const patterns = JSON.stringify(configJsonSchema()).match(/"pattern":"(?:[^"\\]|\\.)*"/g) ?? [];
    expect(patterns.length).toBeGreaterThan(10);
    for (const entry of patterns) {
      const pattern = (JSON.parse(`{${entry}}`) as { pattern: string }).pattern;
      expect(() => new RegExp(pattern, 'u')).not.toThrow();
    }
  });

  it('docs/config.md documents every key', async () => {
    const docs = await read('docs/config.md');
    const missing = [...new Set(properties(configJsonSchema()).map(([p]) => p.split('.').pop() as string))].filter(
      (key) => !docs.includes(`\`${key}\``),
    );
    expect(missing).toEqual([]);
  });
});

/** Every pattern that applies to a string schema (its own and those of its allOf). */
function patternsOf(schema: JsonSchema): RegExp[] {
  const own = typeof schema.pattern === 'string' ? [schema.pattern] : [];
  const all = ((schema.allOf ?? []) as JsonSchema[]).flatMap((s) => (typeof s.pattern === 'string' ? [s.pattern] : []));
  return [...own, ...all].map((p) => new RegExp(p, 'u'));
}

describe('JSON schema refuses what the loader refuses', () => {
  const schema = configJsonSchema() as JsonSchema;
  const target = (schema.properties!.targets as JsonSchema).additionalProperties as JsonSchema & {
    allOf: { if: JsonSchema; then: JsonSchema }[];
  };
  const branch = (strategy: string) => target.allOf.find((a) => JSON.stringify(a.if).includes(`"${strategy}"`))!.then;

  it('targets: if/then on strategy, not a oneOf (a wrong duration is one error, not one per strategy)', () => {
    expect(JSON.stringify(schema)).not.toContain('"oneOf"');
    expect(target).toMatchObject({ required: ['strategy'], properties: { strategy: { enum: ['compose', 'passenger', 'swarm'] } } });
    expect(target.allOf.map((a) => a.if)).toEqual([
      { properties: { strategy: { enum: ['compose'] } }, required: ['strategy'] },
      { properties: { strategy: { enum: ['passenger'] } }, required: ['strategy'] },
      { properties: { strategy: { enum: ['swarm'] } }, required: ['strategy'] },
    ]);
    const backup = branch('compose').properties!.backup as JsonSchema & { allOf: { if: JsonSchema }[] };
    expect(backup.properties).toMatchObject({ engine: { enum: ['mariadb', 'mysql', 'postgres', 'sqlite'] } });
    expect(backup.allOf).toHaveLength(2);
  });

  it.each(['compose', 'passenger', 'swarm'])('%s target: path "/" (however spelled) fails a pattern, a real path passes', (strategy) => {
    const patterns = patternsOf(branch(strategy).properties!.path as JsonSchema);
    for (const root of ['/', '//', '/./'])
      expect(
        patterns.every((re) => re.test(root)),
        root,
      ).toBe(false);
    expect(patterns.every((re) => re.test('/opt/app'))).toBe(true);
  });

  it('durations: the format, and not zero', () => {
    const ttl = branch('passenger').properties!.lock_ttl as JsonSchema & { not: { pattern: string } };
    const format = new RegExp(ttl.pattern as string, 'u');
    const zero = new RegExp(ttl.not.pattern, 'u');
    const valid = (d: string) => format.test(d) && !zero.test(d);
    expect(['90s', '1h30m', '500ms', '0m5s'].filter(valid)).toEqual(['90s', '1h30m', '500ms', '0m5s']);
    expect(['0s', '0m0s', '00h', '5x', '10 minutes', ''].filter(valid)).toEqual([]);
  });

  it('shared entries must not repeat', () => {
    expect(branch('compose').properties!.shared).toMatchObject({ uniqueItems: true });
  });

  it('a rule: ignore excludes build/recreate/restart/tasks, else one of them is needed; no_cache needs build', () => {
    const rule = (schema.properties!.rules as JsonSchema).items as JsonSchema;
    const anyAction = { anyOf: ['build', 'recreate', 'restart', 'tasks'].map((k) => ({ required: [k] })) };
    expect(rule.allOf).toEqual([
      { if: { properties: { ignore: { const: true } }, required: ['ignore'] }, then: { not: anyAction }, else: anyAction },
      { if: { properties: { no_cache: { const: true } }, required: ['no_cache'] }, then: { required: ['build'] } },
    ]);
  });
});

describe('example configs', () => {
  it.each(['deploy/examples/observations/.github/deploy.yml', 'deploy/examples/passenger/deploy.yml'])('%s validates', async (path) => {
    const config = await loadConfig(new URL(path, root).pathname);
    expect(Object.keys(config.targets).length).toBeGreaterThan(0);
  });

  it('observations example is a compose app with a backup and health check', async () => {
    const config = await loadConfig(new URL('deploy/examples/observations/.github/deploy.yml', root).pathname);
    expect(config.compose.project).toBe('observations');
    expect(config.targets.production).toMatchObject({ strategy: 'compose', backup: { engine: 'mariadb', service: 'db' } });
  });

  it('passenger example uses the passenger strategy with a frontend', async () => {
    const config = await loadConfig(new URL('deploy/examples/passenger/deploy.yml', root).pathname);
    expect(config.targets.production).toMatchObject({ strategy: 'passenger', app_root: 'backend', restart: 'touch' });
  });
});
