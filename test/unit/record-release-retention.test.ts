/**
 * The one release retention rule (record/release-retention.ts): exactly the newest N releases that
 * went live (successful, including rolled back from), plus the live one and its predecessor; the
 * backups a rollback to one of them needs; the prune scripts that apply it on the host.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decidePrune,
  parsePruneListing,
  prunedImageTags,
  pruneListingScript,
  pruneReleases,
  pruneScript,
  removedDangling,
  removeReplacedImages,
  removedTags,
  replacedImagesScript,
} from '../../src/sync/prune-releases.js';
import { manifestPath } from '../../src/sync/manifest-script.js';
import { protectedBackups, releasesToPrune, retainedReleases, unrecordedReleases } from '../../src/record/release-retention.js';
import { recordRelease, type DeployState, type ReleaseRecord, type ReleaseResult } from '../../src/record/state-model.js';
import { recordRollback } from '../../src/rollback/history.js';
import { layoutOf } from '../../src/sync/layout.js';
import { mountedReleasesScript } from '../../src/strategies/swarm/commands.js';
import { shellQuote } from '../../src/transport/quote.js';

let clock = 0;
/** A release `id` (one letter), deployed after the previous one made by this helper. */
const rel = (id: string, result: ReleaseResult, previous?: string, backup = `before-${id}.gz`): ReleaseRecord => ({
  id,
  sha: id.padEnd(40, '0'),
  at: new Date(Date.UTC(2024, 0, 1, 0, clock++)).toISOString(),
  result,
  actor: 't',
  ...(previous ? { previous } : {}),
  ...(backup ? { backup: { file: `/srv/app/backups/${backup}`, sha256: 'x', size: 1 } } : {}),
});

/** Replays a history: `+x` deploys x (from the current release), `!x` a failed deploy of x, `<x` a rollback to x. */
function history(...steps: string[]): DeployState {
  let st: DeployState = { version: 1, target: 't', releases: [] };
  for (const step of steps) {
    const id = step.slice(1);
    const current = st.releases.find((r) => r.id === st.current);
    if (step[0] === '<')
      st = recordRollback(
        st,
        current!,
        st.releases.find((r) => r.id === id)!,
      );
    else st = recordRelease(st, rel(id, step[0] === '+' ? 'success' : 'failed', current?.id));
  }
  return st;
}

const ids = (rs: ReleaseRecord[]): string => rs.map((r) => r.id).join('');

/**
 * Runs `script` on dash with a fake docker on PATH: `image ls` prints `listed` (printf text), `image rm`
 * removes sha256:aa only (any other is used by a container). Returns its stdout and docker's calls.
 */
function onFakeDocker(listed: string, script: string): { out: string; calls: string[] } {
  const root = mkdtempSync(join(tmpdir(), 'gd-prune-docker-'));
  try {
    mkdirSync(join(root, 'bin'));
    const fake = [
      '#!/bin/sh',
      'echo "$@" >> "$(dirname "$0")/calls"',
      `case "$2" in ls) printf "${listed}\\n";; rm) [ "$3" = sha256:aa ] || exit 1; echo "Deleted: $3";; esac`,
    ];
    writeFileSync(join(root, 'bin', 'docker'), `${fake.join('\n')}\n`, { mode: 0o755 });
    const out = execFileSync('dash', ['-c', `PATH=${join(root, 'bin')}:$PATH\n${script}`], { encoding: 'utf8' });
    return { out, calls: readFileSync(join(root, 'bin', 'calls'), 'utf8').split('\n') };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** history(`+b`, ...steps), b recording web's image `sha256:kept` (b stays live: `!x` steps only). */
function keptImageState(...steps: string[]): DeployState {
  const st = history('+b', ...steps);
  st.releases.find((r) => r.id === 'b')!.images = { web: { name: 'app-web', id: 'sha256:kept' } };
  return st;
}

describe('retainedReleases: newest N that went live + the live one + its predecessor', () => {
  it.each<[string, DeployState, number, string]>([
    ['newest N successful', history('+a', '+b', '+c', '+d'), 2, 'dc'],
    ['N larger than the history', history('+a', '+b'), 5, 'ba'],
    ['keep below 1 counts as 1, plus the predecessor', history('+a', '+b', '+c'), 0, 'cb'],
    ['keep 1: the live one and its predecessor', history('+a', '+b', '+c'), 1, 'cb'],
    // issue #13: the release rolled back from still counts (rollback offers it), so it is kept
    ['a rolled-back release counts and is kept', history('+a', '+b', '+c', '<b', '+d'), 2, 'dcb'],
    ['keep 5 after deploys and rollbacks keeps 5 + predecessor', history('+a', '+b', '+c', '+d', '+e', '<d', '<c', '+f'), 5, 'fedcb'],
    ['rollback to an old release: it and its predecessor stay', history('+a', '+b', '+c', '+d', '<a'), 2, 'dca'],
    ['rollback to an old release with a predecessor', history('+a', '+b', '+c', '+d', '<b'), 2, 'dcba'],
    // issue #14: failed releases never count and are never kept
    ['failed releases do not count', history('+a', '+b', '!x', '+c', '!y'), 2, 'cb'],
    ['a failed first deploy keeps nothing', history('!x'), 3, ''],
  ])('%s', (_n, st, keep, expected) => {
    expect(ids(retainedReleases(st, keep))).toBe(expected);
  });
});

describe('releasesToPrune: every listed directory the state records outside the retained set', () => {
  const st = history('+a', '+b', '+c', '<b', '!x', '+d');
  it.each<[string, string[], number, string[]]>([
    ['rolled-back c stays, failed x and old a go', ['a', 'b', 'c', 'd', 'x'], 2, ['x', 'a']],
    ['a directory the state does not record (state.json lost, made by hand) never goes', ['zz', 'a', 'b', 'c', 'd'], 2, ['a']],
    ['nothing beyond keep', ['b', 'c', 'd'], 2, []],
    ['keep 1: d and its predecessor b stay, c goes', ['b', 'c', 'd'], 1, ['c']],
    ['no directories', [], 1, []],
  ])('%s', (_n, existing, keep, expected) => {
    expect(releasesToPrune(st, existing, keep)).toEqual(expected);
  });
  it('no state at all (state.json lost: a first deploy) prunes none of the directories there, and names them', () => {
    expect(releasesToPrune(history(), ['a', 'b', 'c'], 1)).toEqual([]);
    expect(unrecordedReleases(history('+a'), ['a', 'b', 'c'])).toEqual(['b', 'c']);
  });
});

describe('protectedBackups: the pre-deploy backups a rollback to a retained release needs', () => {
  const names = (st: DeployState[], keep: number) => Object.fromEntries(protectedBackups(keep, ...st).map((p) => [p.name, p.why]));
  it('three deploys: restore-db to the first needs the second one’s backup', () => {
    expect(names([history('+a', '+b', '+c')], 3)).toEqual({
      'before-c.gz': 'pre-deploy backup of release c, restore-db to release b',
      'before-b.gz': 'pre-deploy backup of release b, restore-db to release a',
      'before-a.gz': 'pre-deploy backup of release a',
    });
  });

  it('a rolled-back release keeps its backup; a failed one and releases beyond N do not', () => {
    const st = history('+a', '+b', '+c', '<b', '!x', '+d');
    expect(Object.keys(names([st], 2)).sort()).toEqual(['before-b.gz', 'before-c.gz', 'before-d.gz']);
  });

  it('several states give the union (before and after a rollback)', () => {
    const before = history('+a', '+b', '+c', '+d');
    const after = recordRollback(before, before.releases[0]!, before.releases[3]!);
    expect(Object.keys(names([before], 1)).sort()).toEqual(['before-c.gz', 'before-d.gz']);
    expect(Object.keys(names([before, after], 1)).sort()).toEqual(['before-a.gz', 'before-c.gz', 'before-d.gz']);
  });

  it('releases without a backup give nothing', () => {
    const st: DeployState = {
      version: 1,
      target: 't',
      current: 'b',
      releases: [rel('b', 'success', 'a', ''), rel('a', 'success', undefined, '')],
    };
    expect(protectedBackups(5, st)).toEqual([]);
  });
});

describe('prunedImageTags', () => {
  it('release tags of the pruned releases only, registry ports kept', () => {
    const images = { web: { name: 'host:5000/app_web:latest', id: 'sha256:1' }, worker: { name: 'app_worker', id: 'sha256:2' } };
    const st: DeployState = {
      version: 1,
      target: 't',
      current: 'cccc',
      releases: [{ ...rel('cccc', 'success'), images }, { ...rel('bbbb', 'success'), images }, rel('aaaa', 'failed')],
    };
    expect(prunedImageTags(st, ['bbbb', 'aaaa'])).toEqual(['host:5000/app_web:release-bbbb00000000', 'app_worker:release-bbbb00000000']);
    expect(prunedImageTags(st, [])).toEqual([]);
  });

  it('build: the registry references a pruned release pulled under its own tag, not the ones it carried over', () => {
    const images = {
      web: { name: 'app-web', id: 'sha256:1', ref: 'r:5000/app/web:release-bbbb00000000' },
      worker: { name: 'app-worker', id: 'sha256:2', ref: 'r:5000/app/worker:release-aaaa00000000' },
    };
    const st: DeployState = {
      version: 1,
      target: 't',
      current: 'cccc',
      releases: [rel('cccc', 'success'), { ...rel('bbbb', 'success'), images }],
    };
    expect(prunedImageTags(st, ['bbbb'])).toEqual([
      'app-web:release-bbbb00000000',
      'r:5000/app/web:release-bbbb00000000',
      'app-worker:release-bbbb00000000',
    ]);
  });
});

describe('prune scripts (run with dash)', () => {
  const dash = (script: string) => execFileSync('dash', ['-c', script], { encoding: 'utf8' });

  it('lists release directories and the release `current` points at', () => {
    const root = mkdtempSync(join(tmpdir(), "gd prune '"));
    try {
      const layout = layoutOf(root);
      for (const id of ['abcdef1', 'abcdef2']) mkdirSync(layout.releaseDir(id), { recursive: true });
      expect(parsePruneListing(dash(pruneListingScript(layout)))).toEqual({ existing: ['abcdef1', 'abcdef2'], live: undefined });
      symlinkSync('releases/abcdef2', layout.current);
      expect(parsePruneListing(dash(pruneListingScript(layout)))).toEqual({ existing: ['abcdef1', 'abcdef2'], live: 'abcdef2' });
      rmSync(layout.releases, { recursive: true });
      expect(parsePruneListing(dash(pruneListingScript(layout)))).toEqual({ existing: [], live: 'abcdef2' });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('the releases a swarm service still bind-mounts (mountedReleasesScript, a fake docker) are listed `@mounted` and never pruned', () => {
    const root = mkdtempSync(join(tmpdir(), "gd mounted '"));
    try {
      const layout = layoutOf(root);
      const [a, b, c] = ['a'.repeat(40), 'b'.repeat(40), 'c'.repeat(40)];
      for (const id of [a, b, c]) mkdirSync(layout.releaseDir(id), { recursive: true });
      symlinkSync(`releases/${c}`, layout.current);
      const bin = join(root, 'bin');
      mkdirSync(bin);
      const mounts = [
        `${layout.releaseDir(a)}/conf`,
        `${layout.releaseDir(a)}/data/x`,
        `${root}/shared/media`,
        '/var/log',
        `${layout.releases}/`,
      ];
      const fake = `#!/bin/sh\ncase "$1 $2" in\n"stack services") echo s1; echo s2;;\n"service inspect") printf '%s\\n' ${mounts.map((m) => `'${m.replace(/'/g, "'\\''")}'`).join(' ')};;\nesac\n`;
      writeFileSync(join(bin, 'docker'), fake, { mode: 0o755 });
      const script = `PATH=${shellQuote(bin)}:$PATH\n${pruneListingScript(layout)}\n${mountedReleasesScript('app', layout.releases)}`;
      const listing = parsePruneListing(dash(script));
      expect(listing).toEqual({ existing: [a, b, c], live: c, mounted: [a] });
      const state = {
        version: 1 as const,
        target: 't',
        current: c,
        releases: [c, b, a].map((id, i) => ({ id, sha: id, at: `2026-01-0${3 - i}T00:00:00Z`, result: 'success' as const, actor: 'x' })),
      };
      // keep 1: c (current) and b (its predecessor) are kept; a would go, but web mounts it
      expect(decidePrune(layout, state, 1, listing.existing, listing.live).releases).toEqual([a]);
      expect(decidePrune(layout, state, 1, listing.existing, listing.live, listing.mounted).releases).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('pruneScript on literals: the directories go in the background of one docker image rm', () => {
    expect(pruneScript(['/srv/app/releases/a b'], ['app-web:release-1', "x:y'z"]).split('\n')).toEqual([
      "rm -rf '/srv/app/releases/a b' &",
      `docker image rm app-web:release-1 'x:y'\\''z' 2>/dev/null | sed -n 's/^Untagged: //p'`,
      'wait',
      'exit 0',
    ]);
    expect(pruneScript([], [])).toBe('wait\nexit 0');
  });

  it('pruneScript with a compose project removes its dangling images (label filter, no --force) and says how many went', () => {
    expect(pruneScript([], [], { project: 'app' }).split('\n')).toEqual([
      `for gd_i in $(docker image ls -q --no-trunc -f dangling=true -f label=com.docker.compose.project=app 2>/dev/null); do docker image rm "$gd_i" >/dev/null 2>&1 && echo '@dangling-removed '"$gd_i"; done`,
      'wait',
      'exit 0',
    ]);
    // a fake docker: lists two dangling images of the project; the second is used by a container
    const { out, calls } = onFakeDocker('sha256:aa\\nsha256:bb', pruneScript([], ['app-web:release-1'], { project: 'app' }));
    expect(removedDangling(out)).toBe(1);
    expect(calls).toEqual([
      'image rm app-web:release-1',
      'image ls -q --no-trunc -f dangling=true -f label=com.docker.compose.project=app',
      'image rm sha256:aa',
      'image rm sha256:bb',
      '',
    ]);
  });

  it('pruneScript with replaced ids (an undo’s, compose v1 builds carry no label) removes those that are dangling, by id, no --force', () => {
    expect(pruneScript([], [], { replaced: ['sha256:aa', 'sha256:cc'] }).split('\n')).toEqual([
      `for gd_i in $(docker image ls -q --no-trunc -f dangling=true 2>/dev/null); do case ' sha256:aa sha256:cc ' in *" $gd_i "*) docker image rm "$gd_i" >/dev/null 2>&1 && echo '@dangling-removed '"$gd_i";; esac; done`,
      'wait',
      'exit 0',
    ]);
    // a fake docker: three dangling images; bb was not replaced (someone else's), cc is used by a container;
    // dd is replaced but not dangling (tagged: a release names it): never listed, never removed
    const { out, calls } = onFakeDocker(
      'sha256:aa\\nsha256:bb\\nsha256:cc',
      pruneScript([], [], { replaced: ['sha256:aa', 'sha256:cc', 'sha256:dd'] }),
    );
    expect(removedDangling(out)).toBe(1);
    expect(calls).toEqual(['image ls -q --no-trunc -f dangling=true', 'image rm sha256:aa', 'image rm sha256:cc', '']);
  });

  it('removeReplacedImages (in place: no release copy to prune): one round trip only with ids no release records; says how many went', async () => {
    const state = keptImageState();
    const scripts: string[] = [];
    const notes: string[] = [];
    const sh = async (script: string) => (scripts.push(script), { code: 0, stdout: '@dangling-removed sha256:built\n', stderr: '' });
    const s = { conn: { exec: { sh } }, reporter: { info: () => undefined, warning: () => undefined }, report: { notes, warnings: [] } };
    await removeReplacedImages(s as never, state, ['sha256:kept']);
    await removeReplacedImages(s as never, state, []);
    expect(scripts).toEqual([]);
    await removeReplacedImages(s as never, state, ['sha256:kept', 'sha256:built']);
    expect(scripts).toEqual([replacedImagesScript(['sha256:built'])]);
    expect(notes).toEqual(['dangling images removed: 1 (builds the undo no longer names)']);
  });

  it('decidePrune never removes a replaced id a retained release records', () => {
    const layout = layoutOf('/srv/app');
    const state = keptImageState('!a');
    const decided = decidePrune(layout, state, 2, ['a', 'b'], 'b', [], { replaced: ['sha256:kept', 'sha256:built'] });
    expect(decided.releases).toEqual(['a']);
    expect(decided.script).toContain(`case ' sha256:built ' in`);
    expect(decided.script).not.toContain('sha256:kept');
  });

  it('deletes the directories; prints only the tags it removed; always exits 0', () => {
    const root = mkdtempSync(join(tmpdir(), 'gd-prune-'));
    try {
      mkdirSync(join(root, 'a b', 'x'), { recursive: true });
      mkdirSync(join(root, 'keep'));
      // a fake docker: `docker image rm <tags>` untags each as docker says it (familiar form), except those containing "in-use"
      mkdirSync(join(root, 'bin'));
      const fake = [
        '#!/bin/sh',
        'shift 2; st=0',
        'for t; do case "$t" in *in-use*) echo "Error: conflict $t" >&2; st=1;; *) echo "Untagged: ${t#docker.io/library/}"; echo "Deleted: sha256:0";; esac; done',
        'exit $st',
      ];
      writeFileSync(join(root, 'bin', 'docker'), `${fake.join('\n')}\n`, { mode: 0o755 });
      const tags = ["app_web:release-0000000'00000", 'app_worker:in-use', 'docker.io/library/lib:release-1'];
      const script = pruneScript([join(root, 'a b')], tags);
      const out = dash(`PATH=${join(root, 'bin')}:$PATH\n${script}`);
      expect(out).toBe("app_web:release-0000000'00000\nlib:release-1\n");
      expect(removedTags(tags, out)).toEqual(["app_web:release-0000000'00000", 'docker.io/library/lib:release-1']);
      expect(existsSync(join(root, 'a b'))).toBe(false);
      expect(existsSync(join(root, 'keep'))).toBe(true);
      expect(() => execFileSync('dash', ['-n', '-c', pruneScript([], ['x:y', 'z'])])).not.toThrow();
      expect(() => execFileSync('sh', ['-n', '-c', script])).not.toThrow();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('pruneReleases deletes the manifest of each release it removes, with its directory', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gd-prune-manifest-'));
    try {
      const layout = layoutOf(root);
      const [a, b, c] = ['aaaaaaa', 'bbbbbbb', 'ccccccc'];
      for (const id of [a, b, c]) {
        mkdirSync(layout.releaseDir(id), { recursive: true });
        mkdirSync(join(root, '.deploy', 'manifests'), { recursive: true });
        writeFileSync(manifestPath(root, id), `${'0'.repeat(64)}\n`);
      }
      symlinkSync(`releases/${c}`, layout.current);
      const sh = async (script: string) => ({ code: 0, stdout: dash(script), stderr: '' });
      const quiet = { info: () => undefined, warning: () => undefined };
      const s = { conn: { exec: { sh } }, reporter: quiet, report: { notes: [], warnings: [] } };
      const out = await pruneReleases(s as never, layout, history(`+${a}`, `+${b}`, `+${c}`), 1);
      expect(out.releases).toEqual([a]);
      expect([a, b, c].map((id) => [existsSync(layout.releaseDir(id)), existsSync(manifestPath(root, id))])).toEqual([
        [false, false],
        [true, true],
        [true, true],
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
