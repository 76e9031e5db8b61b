import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FirstScript } from '../../src/apply/first-script.js';
import { putBackImagesScript, restoreImages } from '../../src/apply/images.js';
import { parseReadAndTag, readAndTagScript } from '../../src/apply/release-tags.js';
import { shellQuote } from '../../src/transport/quote.js';
import type { Executor } from '../../src/transport/types.js';
import { local, useHostileTempDir } from './helpers/local-host.js';

const tmp = useHostileTempDir('gitops-release-tags');
const state = JSON.stringify({ Status: 'running' });

/** A `docker` on PATH answering ps and inspect from canned text and logging each tag (failing those of `bad:*`). */
async function fakeDocker(dir: string): Promise<string> {
  const log = join(dir, 'tags.log');
  const script = [
    '#!/bin/sh',
    'case "$1" in',
    "  ps) printf 'ps c1 web\\nps c2 worker\\nps c3 web\\n' ;;",
    `  inspect) printf '%s\\n' 'inspect c1 app-web sha256:w1 0 - ${state}' 'inspect c2 app-worker sha256:k1 0 always ${state}' 'inspect c3 app-web sha256:w0 0 - ${state}' ;;`,
    `  tag) case "$3" in bad:*) echo "no such image" >&2; exit 1 ;; esac; echo "$2 $3" >> ${shellQuote(log)} ;;`,
    // docker image inspect --format <f> <names>: the names of bad:* are missing (exit 1, as docker)
    `  image) shift 3; f=$1; shift; st=0; for n; do case "$n" in bad:*) st=1 ;; *) echo "inspect $n" >> ${shellQuote(log)}; echo "$f" | sed "s/{{.Id}}/sha256:new-$n/" ;; esac; done; exit $st ;;`,
    'esac',
  ].join('\n');
  await writeFile(join(dir, 'docker'), `${script}\n`);
  await chmod(join(dir, 'docker'), 0o755);
  return log;
}

const run = (dir: string, script: string) =>
  local.run(['dash', '-c', script], { allowFailure: true, env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });

describe('readAndTagScript (the release images read and tagged in one round trip)', () => {
  it('tags the image id of each service’s first container, prints the listing parseInspect reads', async () => {
    const log = await fakeDocker(tmp());
    const r = await run(
      tmp(),
      readAndTagScript('app', [
        { service: 'web', tag: 'app-web:release-bbbbbbbbbbbb' },
        { service: 'worker', tag: 'app-worker:release-bbbbbbbbbbbb' },
        { service: 'gone', tag: 'app-gone:release-bbbbbbbbbbbb' },
      ]),
    );
    expect(r.code).toBe(0);
    const out = parseReadAndTag(r.stdout);
    expect(out.tagFailed).toBe(false);
    expect(out.containers.map((c) => [c.service, c.image, c.imageId])).toEqual([
      ['web', 'app-web', 'sha256:w1'],
      ['worker', 'app-worker', 'sha256:k1'],
      ['web', 'app-web', 'sha256:w0'],
    ]);
    expect((await readFile(log, 'utf8')).split('\n').sort()).toEqual([
      '',
      'sha256:k1 app-worker:release-bbbbbbbbbbbb',
      'sha256:w1 app-web:release-bbbbbbbbbbbb',
    ]);
  });

  it('a failed tag is reported (exit 0, its stderr kept); no target: only the listing', async () => {
    await fakeDocker(tmp());
    const r = await run(tmp(), readAndTagScript('app', [{ service: 'web', tag: 'bad:release-b' }]));
    expect(r.code).toBe(0);
    expect(parseReadAndTag(r.stdout).tagFailed).toBe(true);
    expect(r.stderr).toContain('no such image');
    const none = readAndTagScript('app', []);
    expect(none).not.toContain('gd_tag ');
    expect(none.split('\n').at(-1)).toBe('exit 0');
  });
});

describe('restoreImages (a rollback puts the image names back: one round trip, behind its switch)', () => {
  const IMAGES = { web: { name: 'app-web', id: 'sha256:w1' }, worker: { name: 'bad:worker', id: 'sha256:k1' } };

  /** An executor on real dash with the fake docker, every script it was sent kept. */
  const onDash = (dir: string) => {
    const scripts: string[] = [];
    const exec = { sh: (script: string) => (scripts.push(script), run(dir, script)) } as unknown as Executor;
    return { exec, scripts };
  };

  it('every service retagged side by side after the first script, in one round trip; the ones whose id is gone reported', async () => {
    const dir = tmp();
    const log = await fakeDocker(dir);
    const { exec, scripts } = onDash(dir);
    const switched = join(dir, 'switched');
    // db has no recorded image: not retagged, not reported (its caller rebuilds it)
    const gone = await restoreImages(exec, IMAGES, ['web', 'worker', 'db'], new FirstScript(`: > ${shellQuote(switched)}`));
    expect(gone).toEqual(['worker']);
    expect(scripts).toHaveLength(1);
    expect(await readFile(log, 'utf8')).toBe('sha256:w1 app-web\n');
    expect(await readFile(switched, 'utf8')).toBe('');
  });

  it('an undo’s retag (replaced given) reads the ids the names pointed at first, in the same round trip', async () => {
    const dir = tmp();
    const log = await fakeDocker(dir);
    const { exec, scripts } = onDash(dir);
    const replaced: string[] = [];
    expect(await restoreImages(exec, IMAGES, ['web', 'worker'], undefined, replaced)).toEqual(['worker']);
    expect(scripts).toHaveLength(1);
    expect(replaced).toEqual(['sha256:new-app-web']);
    expect(await readFile(log, 'utf8')).toBe('inspect app-web\nsha256:w1 app-web\n');
    expect(putBackImagesScript(IMAGES, ['web'], true)).toBe(
      `docker image inspect --format 'gd-replaced {{.Id}}' app-web 2>/dev/null\ndocker tag sha256:w1 app-web >/dev/null 2>&1 || echo 'gd-gone web'`,
    );
    // without replaced: the retag alone, as a rollback sends it
    expect(putBackImagesScript(IMAGES, ['web'])).toBe(`docker tag sha256:w1 app-web >/dev/null 2>&1 || echo 'gd-gone web'`);
  });

  it('a failed first script is thrown as its own, nothing retagged; no image to put back: the first script alone', async () => {
    const dir = tmp();
    const log = await fakeDocker(dir);
    const { exec, scripts } = onDash(dir);
    await expect(restoreImages(exec, IMAGES, ['web'], new FirstScript('false'))).rejects.toThrow(/^command failed \(exit 1\): false\n/);
    await expect(readFile(log, 'utf8')).rejects.toThrow(/ENOENT/);
    expect(await restoreImages(exec, IMAGES, ['db'], new FirstScript('true'))).toEqual([]);
    expect(scripts.slice(1)).toEqual(['true']);
  });
});
