/**
 * What our deploys leave on the host's engine, compose v1 and v2 on the harness sshd, keep_releases 2.
 * The site's images are built FROM a base image of the test's own (harness/owned-images.ts), so every
 * image a deploy builds carries the test's owner label, tagged or dangling, whatever compose built it.
 * Four deploys (A first, then B, C, D each rebuilding web): the images of pruned releases are gone,
 * every retained release's `release-<sha12>` tags are there, no dangling image is left. A deploy
 * whose `up` fails after its build (web's entrypoint missing) is undone, and the build no name points
 * at any more is removed by the failed release's prune: compose v2 labels it with the project, v1 does
 * not (the undo's retag reads the id the name pointed at before); in place (v1), where no release copy
 * is pruned, they go on their own at the end of that run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from './harness/cli.js';
import { composeSiteOnSshd } from './harness/compose-site.js';
import { dockerAvailable, imageIdOfTag, uniqueProject } from './harness/docker.js';
import { buildOwnedBaseImage, ownedBaseTag, ownedImages, removeOwnedImages } from './harness/owned-images.js';
import { gate } from './harness/require.js';
import { sshdAvailable } from './harness/sshd.js';

const ready = gate('sshd + docker + compose v1 and v2', sshdAvailable() && (await dockerAvailable()));
const LONG = 900_000;
const MATRIX = [
  ['v1', 'docker-compose', 'releases'],
  ['v2', 'docker compose', 'releases'],
  ['v1', 'docker-compose', 'in-place'],
] as const;
const SERVICES = ['celery_beat', 'celery_worker', 'flower', 'web'];

interface Release {
  id: string;
  result: string;
  images?: Record<string, { name: string; id: string }>;
}

describe.runIf(ready).each(MATRIX)('compose %s (%s), layout %s: images left on the engine after deploys', (gen, command, layout) => {
  const owner = uniqueProject(`gdown${gen}${layout === 'in-place' ? 'ip' : ''}`);
  beforeAll(async () => void (await buildOwnedBaseImage(owner)), 600_000);
  // registered before composeSiteOnSshd's, so it runs after it (after-hooks run in reverse): the containers are gone
  afterAll(() => removeOwnedImages(owner), 120_000);
  const ctx = composeSiteOnSshd(`gdimg${gen}`, {
    command,
    files: { 'docker/.env': `FIXTURE_BASE_IMAGE=${ownedBaseTag(owner)}\n` },
    editConfig: (y) => y.replace('lock_ttl:', `keep_releases: 2\n    layout: ${layout}\n    lock_ttl:`),
  });
  const ok = (r: CliRun) => expect(r.code, `${r.stderr}\n${r.stdout}`).toBe(0);
  const deploy = () => runCli(ctx.site.args(), ctx.site.env);
  const releases = () => (ctx.site.state() as unknown as { releases: Release[] }).releases;
  const tagOf = (r: Release, service: string) => `${r.images![service]!.name.replace(/:[^/]*$/, '')}:release-${r.id.slice(0, 12)}`;

  // in place there is no release copy to prune (nor release tags removed with it)
  it.runIf(layout === 'releases')(
    'A, B, C, D with keep_releases 2: the pruned releases’ images are gone, the retained ones’ tagged, nothing dangling',
    async () => {
      const sha = { A: ctx.site.repo.head() } as Record<string, string>;
      for (const k of ['B', 'C', 'D']) {
        sha[k] = await ctx.site.repo.commit(k, { 'app/templates/index.html': `<h1>${k}</h1>\n` });
        ok(await deploy());
      }
      const kept = releases();
      const byId = (k: string) => kept.find((r) => r.id === sha[k])!;
      expect(Object.keys(byId('A').images!).sort()).toEqual(SERVICES);
      // retained: C, D (went live) and D's predecessor C; A and B pruned with their tags
      for (const k of ['A', 'B']) expect(await imageIdOfTag(tagOf(byId(k), 'web')), k).toBeNull();
      const retainedIds = new Set<string>();
      for (const k of ['C', 'D']) {
        for (const service of SERVICES) {
          const id = await imageIdOfTag(tagOf(byId(k), service));
          expect(id, `${k} ${service}`).toBe(byId(k).images![service]!.id);
          retainedIds.add(id!);
        }
      }
      expect(await ownedImages(owner, true)).toEqual([]);
      // the base, and the images the retained releases need: nothing else
      expect((await ownedImages(owner)).sort()).toEqual([...retainedIds, (await imageIdOfTag(ownedBaseTag(owner)))!].sort());
    },
    LONG,
  );

  // v2 labels its builds with the project; v1 does not: the undo's retag reads the ids the names pointed at
  // (in place: removed on their own, there is no release copy whose prune could take them)
  it(
    'a deploy whose up fails after its build is undone, and its build, named by nothing, is removed at the end of that run',
    async () => {
      const file = join(ctx.site.repo.dir, 'docker', 'docker-compose.yml');
      const text = readFileSync(file, 'utf8');
      const line = '      DJANGO_SETTINGS_MODULE: app.settings\n';
      expect(text).toContain(line);
      const broken = text.replace(line, `${line}    entrypoint: ["/nonexistent"]\n`);
      const before = await ownedImages(owner);
      await ctx.site.repo.commit('E', { 'app/templates/index.html': '<h1>E</h1>\n', 'docker/docker-compose.yml': broken });
      const r = await deploy();
      expect(r.code, r.stderr).not.toBe(0);
      expect(r.stderr).toContain('/nonexistent');
      expect(releases()[0]!.result).toBe('failed');
      expect(await ownedImages(owner, true)).toEqual([]);
      expect((await ownedImages(owner)).sort()).toEqual(before.sort());
      expect(r.json.notes.find((n: string) => n.includes('dangling images removed'))).toContain('dangling images removed: 1');
    },
    LONG,
  );
});
