/**
 * Every script text the tool sends to a remote `sh`, checked by the real shells: each builder's
 * output (with hostile paths: spaces, quotes, `$`, backslashes) must parse with `sh -n` and
 * `dash -n`. A parse check cannot see everything (`$((cd …) )` parses as arithmetic and only fails
 * when it runs), so the restore drill's scripts are also executed with dash, against stub tools.
 *
 * A guard scans src/ for exported `…Script` / `…Command` builders and script constants: a new
 * builder must be added to BUILDERS below.
 */
import { linkedRestoreDryRunScript, linkedRestoreScript } from '../../src/strategies/passenger/linked-restore.js';
import { serviceImageScript } from '../../src/backup/service-engine.js';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectInspectScript } from '../../src/apply/project-containers.js';
import { PROBE_LOOP, restartCountsScript, upThenWaitScript, waitStartedScript } from '../../src/apply/wait-started.js';
import { firstThenScript } from '../../src/apply/first-script.js';
import { pullScript, pushScript, registryRef } from '../../src/apply/registry-scripts.js';
import { planDrill } from '../../src/backup/drill.js';
import { SQLITE_CHECK, SQLITE_RESTORE, SQLITE_SNAPSHOT } from '../../src/backup/engines/sqlite-scripts.js';
import { ENV_VALUE_AWK, envFileValueCommand } from '../../src/backup/env-file.js';
import { holdScript, releaseHoldScript } from '../../src/backup/hold.js';
import { dbLocation, locatedCommand } from '../../src/backup/location.js';
import { planBackup, toolCommand } from '../../src/backup/plan.js';
import { buildBackupScript, buildReceiveScript } from '../../src/backup/pipeline.js';
import { locateTaskScript, removeStagingScript, stagingDirScript } from '../../src/backup/swarm-task.js';
import { deleteScript, listingScript } from '../../src/backup/prune.js';
import { planProbe } from '../../src/backup/probe.js';
import { checkScript, planRestore } from '../../src/backup/restore.js';
import { resolvePasswordSource } from '../../src/backup/password.js';
import type { BackupContext, BackupSpec, ComposeContext } from '../../src/backup/types.js';
import { parseConfig } from '../../src/config/load.js';
import type { PassengerTarget } from '../../src/config/schema.js';
import { acquireLock, releaseLock, type LockInfo } from '../../src/session/lock.js';
import { restartScript } from '../../src/strategies/passenger/host-steps.js';
import { frontendSourceDiffScript, frontendSourceScript } from '../../src/strategies/passenger/frontend-copies.js';
import { notInCopyScript } from '../../src/strategies/passenger/frontend-guard.js';
import {
  codeRestoreDryRunScript,
  publicHtmlKeep,
  restoreDryRunScript,
  codeRestoreScript,
  codeSnapshotScript,
  restoreScript,
  snapshotScript,
} from '../../src/strategies/passenger/host-sync.js';
import { ownInodesKeptScript, ownInodesOfScript, ownInodesOutsideScript, ownInodesScript, unshareScript } from '../../src/sync/unshare.js';
import { frontendBeforeTasksScript } from '../../src/strategies/passenger/frontend-tasks.js';
import { writtenSinceUploadScript } from '../../src/sync/written-since.js';
import { removeStageScript } from '../../src/sync/stage-tree.js';
import { passengerPaths } from '../../src/strategies/passenger/paths.js';
import { hostFactsScript } from '../../src/strategies/passenger/plan-on-host.js';
import { hostTaskScript, pipInstallScript, venvCheckScript } from '../../src/strategies/passenger/python-scripts.js';
import { restartAppScript, restartTouchScript } from '../../src/strategies/passenger/restart-script.js';
import {
  danglingCurrentScript,
  layoutOf,
  linkSharedInPlaceScript,
  linkSharedScript,
  readCurrentScript,
  sharedConflictsScript,
  switchCurrentScript,
} from '../../src/sync/layout.js';
import { umaskCommand } from '../../src/transport/modes.js';
import { repairLinkScript } from '../../src/strategies/swarm/repair.js';
import { mountedReleasesScript } from '../../src/strategies/swarm/commands.js';
import { swarmObjectsScript } from '../../src/strategies/swarm/objects.js';
import { runningTasksScript, taskStatesScript } from '../../src/strategies/swarm/removed-tasks.js';
import { serviceLookScript } from '../../src/strategies/swarm/stalled-update.js';
import { acquireScript, breakLockScript, heartbeatScript, readLockScript, releaseScript } from '../../src/session/lock-scripts.js';
import { clearInProgressScript, inProgressRecord, inspectHostScript, writeInProgressScript } from '../../src/sync/in-progress.js';
import { planOf } from './helpers/plans.js';
import { inspectionScript } from '../../src/strategies/compose/probe.js';
import { hostComposeScript } from '../../src/apply/compose-target.js';
import {
  autoComposeCommand,
  composeCachePath,
  composeDetectScript,
  pluginCacheScript,
  v2ProbeScript,
} from '../../src/apply/compose-detect.js';
import { pickTrashScript, printTrashScript, pruneTrashScript } from '../../src/sync/trash.js';
import { danglingImagesScript, pruneListingScript, pruneScript, replacedImagesScript } from '../../src/sync/prune-releases.js';
import { appendScript, atomicWriteScript, readRemoteScript } from '../../src/transport/remote-files.js';
import { batchScript } from '../../src/transport/batch-script.js';
import { stateReadScript } from '../../src/record/state-store.js';
import { putBackImagesScript, tagReleaseScript } from '../../src/apply/images.js';
import { imageIdsScript, putBackNamesScript } from '../../src/apply/image-names.js';
import { readAndTagScript } from '../../src/apply/release-tags.js';
import { sideBySideScript } from '../../src/transport/side-by-side.js';
import { recordScript } from '../../src/record/record-script.js';
import { rshCommand } from '../../src/sync/rsync.js';
import { diffUploadScript, writeManifestScript } from '../../src/sync/manifest-script.js';
import { afterUploadScript } from '../../src/sync/upload.js';
import type { ExecOptions, Executor } from '../../src/transport/types.js';
import { httpProbeScript } from '../../src/verify/http-check.js';
import {
  apacheUserScript,
  dockerAccessScript,
  freeDiskScript,
  swarmManagerScript,
  restartFileCheckScript,
  rsyncCheckScript,
  sharedFilesScript,
  writeAccessScript,
} from '../../src/verify/host-checks.js';
import { passengerLogsScript } from '../../src/strategies/passenger/logs-script.js';
import { local, HOSTILE_NAME } from './helpers/local-host.js';
import { withTools } from './helpers/tools.js';

const ROOT = `/srv/${HOSTILE_NAME}`;
const compose: ComposeContext = {
  command: ['docker', 'compose'],
  projectDir: `${ROOT}/current`,
  files: ['docker-compose.yml', `${ROOT}/o'verride.yml`],
  project: 'app',
};
const ctx: BackupContext = { deployPath: ROOT, target: 'prod', sha: 'abcdef0123456789', now: new Date(0), compose };

const SPECS: BackupSpec[] = [
  { engine: 'mariadb', database: "app'db", user: 'u$er', host: '127.0.0.1', port: 3306, keep: 1 },
  { engine: 'mysql', database: 'app', keep: 1 },
  { engine: 'postgres', database: 'app "x"', user: 'u', keep: 1 },
  { engine: 'sqlite', path: `db ${HOSTILE_NAME}.sqlite3`, keep: 1 },
];
const PASSWORDS: [string, Partial<BackupContext>, Partial<BackupSpec>][] = [
  ['runner password', { password: "p'w $x" }, {}],
  ['env file', { envFile: `${ROOT}/shared/.env` }, { password_env: 'DB_PW' }],
  ['variable', {}, { password_env: 'DB_PW' }],
  ['no password', {}, {}],
];

/** Every backup-side script: probe, backup, restore, the drill's steps, for each engine × location × password source. */
function backupScripts(): [string, string][] {
  const out: [string, string][] = [];
  for (const spec of SPECS) {
    for (const service of [undefined, 'db']) {
      for (const [label, c, extra] of PASSWORDS) {
        const s = { ...spec, ...extra, ...(service ? { service } : {}) };
        const cx = { ...ctx, ...c };
        const name = `${spec.engine} ${service ? 'compose' : 'host'} ${label}`;
        const backup = planBackup(s, cx);
        const drill = planDrill(s, cx, { suffix: 'ab12', query: 'SELECT count(*) FROM "t" WHERE x = \'y\'' });
        out.push(
          [`backup: ${name}`, backup.script],
          [`restore: ${name}`, planRestore(s, cx, backup.file).script],
          ...(spec.engine === 'sqlite'
            ? []
            : [[`restore, creating: ${name}`, planRestore(s, cx, backup.file, { create: true }).script] as [string, string]]),
          [`probe: ${name}`, planProbe(s, cx).script],
        );
        out.push([`backup in a container: ${name}`, planBackup(s, { ...cx, container: 'c0ffee' }).script]);
        for (const [step, script] of Object.entries({ create: drill.create, query: drill.query, drop: drill.drop })) {
          if (script) out.push([`drill ${step}: ${name}`, script]);
        }
        const loc = dbLocation(s, cx);
        out.push([`toolCommand: ${name}`, toolCommand(s, loc, resolvePasswordSource(s, cx), ['true'])]);
      }
    }
  }
  return out;
}

const COMPOSE_CONFIG = parseConfig(
  JSON.stringify({ version: 1, compose: { project: 'app' }, targets: { c: { strategy: 'compose', host: 'd@h', path: ROOT } } }),
  'deploy.yml',
);

const passengerTarget = (layout: string): PassengerTarget => {
  const target = {
    strategy: 'passenger',
    host: 'u@h',
    path: ROOT,
    layout,
    shared: ['.env', 'media dir/'],
    exclude: ['up loads/'],
    backup: { engine: 'sqlite', path: "data 'x'.sqlite3" },
    frontend: { build: 'npm run build', dist: 'dist', public_html: `/home/u/public ${HOSTILE_NAME}` },
  };
  return parseConfig(JSON.stringify({ version: 1, targets: { p: target } }), 'deploy.yml').targets.p as PassengerTarget;
};

/** The passenger deploy's and rollback's host scripts, both layouts, both restart modes. */
function passengerScripts(): [string, string][] {
  const out: [string, string][] = [];
  for (const layout of ['releases', 'in-place']) {
    const t = passengerTarget(layout);
    const paths = passengerPaths(t);
    const pub = t.frontend!.public_html;
    out.push(
      [`codeSnapshotScript ${layout}`, codeSnapshotScript(t, 'abc123')],
      [`codeRestoreScript ${layout}`, codeRestoreScript(t, 'abc123')],
      [`codeRestoreDryRunScript ${layout}`, codeRestoreDryRunScript(t, 'abc123')],
      [`restoreDryRunScript ${layout}`, restoreDryRunScript("/srv/it's/.deploy/frontend/abc", '/srv/www', publicHtmlKeep(t))],
      [`restartScript touch ${layout}`, restartScript(t, paths, paths.appRootOf('abc123'), [paths.restartFileOf(paths.appRootOf('old'))])],
      [
        `restartScript passenger-config ${layout}`,
        restartScript({ ...t, restart: 'passenger-config' }, paths, paths.appRootOf('abc123'), []),
      ],
      [`snapshotScript public_html ${layout}`, snapshotScript(pub, paths.publicHtmlSnapshot)],
      [`restoreScript public_html ${layout}`, restoreScript(paths.publicHtmlSnapshot, pub, { protect: ['.htaccess', '.well-known/'] })],
      [`frontendSourceScript ${layout}`, frontendSourceScript(paths.frontendOf('abc123'), paths.publicHtmlSnapshot)],
      [`frontendSourceScript no snapshot ${layout}`, frontendSourceScript(paths.frontendOf('abc123'))],
      [
        `frontendSourceDiffScript ${layout}`,
        frontendSourceDiffScript(paths.frontendOf('abc123'), pub, publicHtmlKeep(t), paths.publicHtmlSnapshot),
      ],
      [`frontendSourceDiffScript no snapshot ${layout}`, frontendSourceDiffScript(paths.frontendOf('abc123'), pub, publicHtmlKeep(t))],
      [`notInCopyScript ${layout}`, notInCopyScript(paths.frontendOf('abc123'))],
      [`linkedRestoreDryRunScript ${layout}`, linkedRestoreDryRunScript(paths.frontendOf('abc123'), pub, publicHtmlKeep(t))],
      [
        `linkedRestoreScript trash ${layout}`,
        linkedRestoreScript(paths.frontendOf('abc123'), pub, {
          ...publicHtmlKeep(t),
          trash: { root: t.path, id: 'public_html-abc', keep: 3 },
        }),
      ],
      [`linkedRestoreScript ${layout}`, linkedRestoreScript(paths.publicHtmlSnapshot, pub, { protect: ['.htaccess', '.well-known/'] })],
      [`hostFactsScript ${layout}`, hostFactsScript(paths)],
    );
  }
  out.push(
    ['venvCheckScript', venvCheckScript(`${ROOT}/venv`)],
    [
      'pipInstallScript',
      pipInstallScript({
        venv: `${ROOT}/venv`,
        python: 'python3',
        appRoot: `${ROOT}/app`,
        requirements: "req's.txt",
        args: ['--no-index', '--find-links', 'wheels dir'],
      }),
    ],
    ['hostTaskScript', hostTaskScript(`${ROOT}/app`, `${ROOT}/venv`, `python manage.py migrate && echo "done $HOME"`)],
    ['restartTouchScript', restartTouchScript(`${ROOT}/tmp/restart.txt`, [`${ROOT}/old/tmp/restart.txt`])],
    ['restartAppScript', restartAppScript(`${ROOT}/current/app`)],
  );
  return out;
}

/** Layout, status, retention, compose and health scripts. */
const REGISTRY = { registry: '127.0.0.1:5000/team', repository: 'app', username: "u'ser" };

function otherScripts(): [string, string][] {
  const layout = layoutOf(ROOT);
  return [
    ['linkSharedScript', linkSharedScript(layout, 'abc123', ['.env', 'media dir/', "back'end/.env"])],
    ['switchCurrentScript', switchCurrentScript(layout, 'abc123')],
    ['readCurrentScript', readCurrentScript(layout)],
    ['danglingCurrentScript', danglingCurrentScript(layout)],
    ['checkScript', checkScript(`${ROOT}/backups/prod-x'.sql.gz`)],
    ['holdScript', holdScript(`${ROOT}/backups/prod-x'.sql.gz`)],
    ['releaseHoldScript', releaseHoldScript(`${ROOT}/backups/prod-x'.sql.gz`)],
    ['listingScript', listingScript(`${ROOT}/backups`)],
    ['listingScript sizes', listingScript(`${ROOT}/backups`, true)],
    ['deleteScript', deleteScript(`${ROOT}/backups`, ["prod-x'.sql.gz", 'b c.sql.gz'])],
    [
      'buildBackupScript',
      buildBackupScript({
        dir: `${ROOT}/backups`,
        name: "n'ame.sql.gz",
        prologue: '',
        dump: 'echo x',
        verify: { reader: 'tail -c 9', readerFailed: "can't read", check: ':' },
        sidecarFormat: '{"a":"%s","b":%s}\\n',
      }),
    ],
    [
      'buildReceiveScript',
      buildReceiveScript({ dir: `${ROOT}/backups`, name: "n'ame.sql.gz", sha256: 'a'.repeat(64), sidecarFormat: '{"a":"%s","b":%s}\\n' }),
    ],
    ['locateTaskScript', locateTaskScript("app_d'b")],
    ['stagingDirScript', stagingDirScript()],
    ['removeStagingScript', removeStagingScript(`${ROOT}/gitops-backup.Ab12Cd`)],
    ['envFileValueCommand', envFileValueCommand(`${ROOT}/shared/.env`, 'DB_PW')],
    ['locatedCommand', locatedCommand({ kind: 'compose', compose, service: 'db' }, ['mysql', '-e', 'SELECT 1'], ['MYSQL_PWD'])],
    ['projectInspectScript', projectInspectScript('app')],
    ['waitStartedScript', waitStartedScript("my app's $x", ['web', 'worker'], 60)],
    ['restartCountsScript', restartCountsScript("my app's $x", ['web', 'worker'])],
    [
      'waitStartedScript (probing)',
      waitStartedScript("my app's $x", ['web', 'worker'], 60, {
        web: { test: ['CMD-SHELL', 'echo "$(x)" \'q\'\nnext'], argv: ['/bin/sh', '-c', 'echo "$(x)" \'q\'\nnext'], timeoutSeconds: 5 },
      }),
    ],
    [
      'upThenWaitScript',
      upThenWaitScript(['docker', 'compose', '-p', "my app's", 'up', '-d', 'web'], waitStartedScript('app', ['web'], 60)),
    ],
    [
      'firstThenScript',
      firstThenScript(
        switchCurrentScript(layout, "de'f456"),
        upThenWaitScript(['docker', 'compose', '-p', "my app's", 'up', '-d', 'web'], waitStartedScript('app', ['web'], 60)),
      ),
    ],
    ['httpProbeScript', httpProbeScript("http://127.0.0.1:8000/health/?q='x'&y=$HOME")],
    ['rshCommand', rshCommand(['-o', 'ControlPath=/tmp/cm dir/%C', '-i', "/tmp/k'ey"])],
    ['SQLITE_SNAPSHOT', SQLITE_SNAPSHOT],
    ['SQLITE_CHECK', SQLITE_CHECK],
    ['SQLITE_RESTORE', SQLITE_RESTORE],
    ['PROBE_LOOP', PROBE_LOOP],
    ['sharedConflictsScript', sharedConflictsScript(layout, ['.env', 'media dir/', "back'end/.env"])],
    ['linkSharedInPlaceScript', linkSharedInPlaceScript(layout, ['.env', 'media dir/', "back'end/.env"])],
    ['pruneListingScript', pruneListingScript(layout)],
    ['mountedReleasesScript', mountedReleasesScript('app', `${ROOT}/releases`)],
    ['runningTasksScript', runningTasksScript(['app_web', "app_w'eb $x"])],
    ['serviceLookScript', serviceLookScript("app_w'eb $x")],
    ['taskStatesScript', taskStatesScript(['abc123', "d'ef $x"])],
    [
      'swarmObjectsScript',
      swarmObjectsScript(
        'app',
        ['web', "w'eb"],
        [
          { kind: 'configs', name: HOSTILE_NAME, file: 'page.txt', services: ['web'] },
          { kind: 'secrets', name: "k'ey $x", file: 'key.txt', services: ['web'] },
        ],
      ),
    ],
    ['pickTrashScript', pickTrashScript(ROOT, 'abc123')],
    ['printTrashScript', printTrashScript(ROOT, 'abc123')],
    ['pruneTrashScript', pruneTrashScript(ROOT, 5)],
    ['pruneScript', pruneScript([`${ROOT}/releases/abc123`], ["app-web:release-abc'123"])],
    [
      'pruneScript with a project',
      pruneScript([`${ROOT}/releases/abc123`], ["app-web:release-abc'123"], { project: "app'x", replaced: ['sha256:0a', "it's"] }),
    ],
    ['danglingImagesScript', danglingImagesScript("app'x")],
    ['replacedImagesScript', replacedImagesScript(['sha256:0a', "it's"])],
    ['atomicWriteScript', atomicWriteScript(`${ROOT}/.deploy/state.json`, `${ROOT}/.deploy/state.json.tmp-1`)],
    ['appendScript', appendScript(`${ROOT}/.deploy/audit.log`, `printf '%s\\n' "$x"`)],
    [
      'readAndTagScript',
      readAndTagScript('app', [
        { service: 'web', tag: 'app-web:release-abcdef012345' },
        { service: "it's", tag: 'app-x:release-abcdef012345' },
      ]),
    ],
    ['tagReleaseScript', tagReleaseScript({ web: { name: "app-web:la'test", id: 'sha256:0a' } }, 'abcdef0123456789')!],
    [
      'tagReleaseScript (several images, side by side)',
      tagReleaseScript({ web: { name: 'app-web', id: 'sha256:0a' }, worker: { name: 'app-worker', id: 'sha256:0b' } }, 'abcdef0123456789')!,
    ],
    [
      'putBackImagesScript',
      putBackImagesScript({ web: { name: "app-web:la'test", id: 'sha256:0a' }, "it's": { name: 'x', id: 'sha256:0b' } }, ['web', "it's"])!,
    ],
    [
      'putBackImagesScript (replaced ids read first)',
      putBackImagesScript({ web: { name: "app-web:la'test", id: 'sha256:0a' } }, ['web'], true)!,
    ],
    ['imageIdsScript', imageIdsScript(['app_web', "reg:5000/it's:1"])],
    ['putBackNamesScript', putBackNamesScript({ app_web: 'sha256:0a', "it's": null })],
    ['sideBySideScript', sideBySideScript(['true', "printf '%s' 'a b'", 'exit 3'])],
    ['readRemoteScript', readRemoteScript(`${ROOT}/.deploy/in-progress.json`)],
    ['stateReadScript', stateReadScript(ROOT)],
    ['batchScript', batchScript([stateReadScript(ROOT), inspectionScript(layout)], "--- gitops-deploy 0a'1 ---")],
    ['acquireScript (then)', acquireScript(`${ROOT}/.deploy/lock`, batchScript([stateReadScript(ROOT)], '--- gitops-deploy 0a ---'))],
    [
      'recordScript',
      recordScript({
        statePath: `${ROOT}/.deploy/state.json`,
        stateTmp: `${ROOT}/.deploy/state.json.tmp-1`,
        auditPath: `${ROOT}/.deploy/audit.log`,
        keep: 'docker tag a b && docker tag c d',
        listing: pruneListingScript(layout),
      }),
    ],
    ['umaskCommand', umaskCommand('022')],
    ['composeDetectScript', composeDetectScript()],
    ['v2ProbeScript', v2ProbeScript()],
    ['v2ProbeScript with cache', v2ProbeScript(undefined, composeCachePath(ROOT))],
    ['pluginCacheScript', pluginCacheScript(composeCachePath(ROOT))],
    ['pluginCacheScript making its directory', pluginCacheScript(composeCachePath(ROOT), true)],
    ['autoComposeCommand', autoComposeCommand()[2]!],
    ['acquireScript', acquireScript(`${ROOT}/.deploy/lock`)],
    ['readLockScript', readLockScript(`${ROOT}/.deploy/lock`)],
    ['breakLockScript', breakLockScript(`${ROOT}/.deploy/lock`, `${ROOT}/.deploy/lock.stale`, '{"runId":"r\'1","by":"$HOME"}\n', 120)],
    ['heartbeatScript', heartbeatScript(`${ROOT}/.deploy/lock`, "r'1 $x")],
    ['releaseScript', releaseScript(`${ROOT}/.deploy/lock`, "r'1 $x")],
    ['inspectHostScript', inspectHostScript(layout)],
    ['repairLinkScript', repairLinkScript(layout, 'a'.repeat(40))],
    [
      'writeInProgressScript',
      writeInProgressScript(
        ROOT,
        `${ROOT}/.deploy/in-progress.json.tmp-1`,
        inProgressRecord("r'1", 'a'.repeat(40), undefined, planOf({}), []),
      ),
    ],
    ['clearInProgressScript', clearInProgressScript(ROOT)],
    ['hostComposeScript', hostComposeScript(COMPOSE_CONFIG)],
    ['hostComposeScript with cache', hostComposeScript(COMPOSE_CONFIG, ROOT)],
    ['inspectionScript', inspectionScript(layout, { releases: true })],
    ['dockerAccessScript', dockerAccessScript()],
    ['serviceImageScript', serviceImageScript('shop', 'db')],
    ['swarmManagerScript', swarmManagerScript()],
    ['writeAccessScript', writeAccessScript(`${ROOT}/app`)],
    [
      'freeDiskScript',
      freeDiskScript(
        [
          ['deploy', `${ROOT}/app`],
          ['backups', `${ROOT}/app/backups`],
        ],
        true,
      ),
    ],
    ['rsyncCheckScript', rsyncCheckScript()],
    ['sharedFilesScript', sharedFilesScript([[`${ROOT}/shared/.env`, `${ROOT}/.env`], [`${ROOT}/shared/back'end/.env`]])],
    ['restartFileCheckScript', restartFileCheckScript(`${ROOT}/current/app/tmp/restart.txt`)],
    ['apacheUserScript', apacheUserScript()],
    ['passengerLogsScript', passengerLogsScript(`${ROOT}/current/app`, ROOT, 50)],
    ['pushScript', pushScript(REGISTRY, [{ name: 'app-web', ref: registryRef(REGISTRY, 'web', 'a'.repeat(40)) }])],
    ['pullScript', pullScript(REGISTRY, [{ name: 'app-web', ref: registryRef(REGISTRY, 'web', 'a'.repeat(40)) }])],
    ...manifestScripts(layout),
  ];
}

/** The diff upload's round trips (sync/manifest-script.ts, sync/upload.ts), with and without pruned paths. */
function manifestScripts(layout: ReturnType<typeof layoutOf>): [string, string][] {
  const rules = {
    protect: ["back'end/.env", 'tmp/'],
    excludes: ['/.git/', '__pycache__/'],
    runtime: ['__pycache__'],
    chmod: 'g-w,o-w',
    shared: ["back'end/.env"],
  };
  const bare = { ...rules, protect: [], runtime: [], shared: [] };
  const start = {
    root: ROOT,
    previous: 'abc123',
    previousDir: layout.releaseDir('abc123'),
    dir: layout.releaseDir("de'f456"),
    listBytes: 12,
    archive: true,
    revision: "de'f456",
    after: afterUploadScript(passengerTarget('releases'), "de'f456")!,
  };
  return [
    ['diffUploadScript', diffUploadScript(start, rules)],
    ['diffUploadScript (nothing pruned, nothing sent)', diffUploadScript({ ...start, archive: false, revision: undefined }, bare)],
    ['writeManifestScript', writeManifestScript(ROOT, layout.releaseDir("de'f456"), "de'f456", rules)],
    ['writeManifestScript (nothing pruned)', writeManifestScript(ROOT, layout.releaseDir('abc'), 'abc', bare)],
    ['afterUploadScript releases', afterUploadScript(passengerTarget('releases'), 'abc123')!],
    ['unshareScript', unshareScript(ROOT)],
    ['removeStageScript', removeStageScript("/srv/it's/.deploy/pip-stage")],
    ['ownInodesScript', ownInodesScript(layout.releaseDir("de'f456"))],
    ['ownInodesOfScript', ownInodesOfScript(ROOT)],
    ['ownInodesOutsideScript', ownInodesOutsideScript("/srv/it's/public_html", ['media/', 'up[1]*.txt', '.htaccess'])],
    ['ownInodesOutsideScript (nothing kept)', ownInodesOutsideScript(ROOT, [])],
    ['frontendBeforeTasksScript', frontendBeforeTasksScript("/srv/it's/public_html", ['media/'], "/srv/it's/.deploy/public_html.previous")],
    ['writtenSinceUploadScript', writtenSinceUploadScript(layout, "de'f456")],
    ['frontendBeforeTasksScript (snapshot taken)', frontendBeforeTasksScript("/srv/it's/public_html", [])],
    ['ownInodesKeptScript', ownInodesKeptScript(ROOT, layout.releaseDir("de'f456"), "de'f456", rules)],
    ['afterUploadScript releases (own inodes)', afterUploadScript(passengerTarget('releases'), 'abc123', true)!],
    ['afterUploadScript in-place', afterUploadScript(passengerTarget('in-place'), 'abc123')!],
  ];
}

/** Builders covered above, by exported name (the guard below compares them with src/). */
const BUILDERS = new Set([
  'restartCountsScript',
  'batchScript',
  'readRemoteScript',
  'stateReadScript',
  'dockerAccessScript',
  'swarmManagerScript',
  'danglingCurrentScript',
  'notInCopyScript',
  'linkedRestoreScript',
  'linkedRestoreDryRunScript',
  'unsharedSameSizeScript',
  'writeAccessScript',
  'freeDiskScript',
  'serviceImageScript',
  'rsyncCheckScript',
  'sharedFilesScript',
  'restartFileCheckScript',
  'apacheUserScript',
  'passengerLogsScript',
  'projectInspectScript',
  'PROBE_LOOP',
  'waitStartedScript',
  'upThenWaitScript',
  'firstThenScript',
  'venvCheckScript',
  'hostFactsScript',
  'pipInstallScript',
  'hostTaskScript',
  'restartTouchScript',
  'restartAppScript',
  'restartScript',
  'snapshotScript',
  'restoreScript',
  'codeSnapshotScript',
  'codeRestoreScript',
  'codeRestoreDryRunScript',
  'restoreDryRunScript',
  'unshareScript',
  'ownInodesScript',
  'ownInodesOfScript',
  'ownInodesOutsideScript',
  'frontendBeforeTasksScript',
  'writtenSinceUploadScript',
  'ownInodesKeptScript',
  'rshCommand',
  'linkSharedScript',
  'switchCurrentScript',
  'readCurrentScript',
  'SQLITE_SNAPSHOT',
  'SQLITE_CHECK',
  'SQLITE_RESTORE',
  'buildBackupScript',
  'buildReceiveScript',
  'locateTaskScript',
  'stagingDirScript',
  'removeStagingScript',
  'listingScript',
  'deleteScript',
  'locatedCommand',
  'holdScript',
  'releaseHoldScript',
  'checkScript',
  'toolCommand',
  'ENV_VALUE_AWK',
  'envFileValueCommand',
  'httpProbeScript',
  'frontendSourceScript',
  'frontendSourceDiffScript',
  'sharedConflictsScript',
  'linkSharedInPlaceScript',
  'pruneListingScript',
  'mountedReleasesScript',
  'swarmObjectsScript',
  'runningTasksScript',
  'serviceLookScript',
  'taskStatesScript',
  'pruneScript',
  'danglingImagesScript',
  'replacedImagesScript',
  'pickTrashScript',
  'printTrashScript',
  'pruneTrashScript',
  'atomicWriteScript',
  'appendScript',
  'tagReleaseScript',
  'putBackImagesScript',
  'readAndTagScript',
  'imageIdsScript',
  'putBackNamesScript',
  'sideBySideScript',
  'recordScript',
  'umaskCommand',
  'composeDetectScript',
  'v2ProbeScript',
  'pluginCacheScript',
  'autoComposeCommand',
  'acquireScript',
  'readLockScript',
  'breakLockScript',
  'heartbeatScript',
  'releaseScript',
  'inspectHostScript',
  'repairLinkScript',
  'writeInProgressScript',
  'clearInProgressScript',
  'hostComposeScript',
  'inspectionScript',
  'pushScript',
  'pullScript',
  'diffUploadScript',
  'writeManifestScript',
  'afterUploadScript',
  'removeStageScript',
  // covered by the restore scripts of planRestore above
  'mysqlRestoreCommand',
  'pgRestoreCommand',
  'pgOwnedListCommand',
  // awk programs (see backup-commands.test.ts)
  'PG_OTHER_OWNERS_AWK',
  'MYSQL_ROUTINE_GRANTS_AWK',
  // covered by the postgres backup scripts of planBackup above (its dumpFailed step)
  'PG_DUMP_DENIED',
  // SQL text (psql's stdin), not sh
  'PG_RESTORE_PRELUDE',
  // a sed script (see backup-commands.test.ts)
  'PG_SCRIPT_FILTER',
  // named like builders, but no script text: a predicate and runners
  'isAutoComposeCommand',
  'concreteComposeCommand',
  'runScript',
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

async function parses(shell: string, script: string): Promise<{ code: number; stderr: string }> {
  const r = await local.run([shell, '-n', '-c', script], { allowFailure: true });
  return { code: r.code, stderr: r.stderr };
}

describe('every script builder parses with sh -n and dash -n', () => {
  it('the table covers every exported script builder and script constant of src/', () => {
    const src = new URL('../../src/', import.meta.url).pathname;
    const found = new Set<string>();
    for (const file of sourceFiles(src)) {
      const text = readFileSync(file, 'utf8');
      if (file.includes('/commands/') || file.includes('/cli/')) continue;
      for (const m of text.matchAll(/export (?:async )?function (\w+(?:Script|Command))\(/g)) found.add(m[1]!);
      for (const m of text.matchAll(/export const ([A-Z][A-Z0-9_]+) = (?:String\.raw)?`/g)) found.add(m[1]!);
    }
    expect([...found].filter((n) => !BUILDERS.has(n)).sort()).toEqual([]);
  });

  const scripts = [...backupScripts(), ...passengerScripts(), ...otherScripts()];
  it.each(['sh', 'dash'])(
    '%s -n accepts all of them',
    async (shell) => {
      expect(scripts.length).toBeGreaterThan(150);
      const failures: string[] = [];
      for (const [name, script] of scripts) {
        const r = await parses(shell, script);
        if (r.code !== 0 || r.stderr !== '') failures.push(`${name}: ${r.stderr.trim()}`);
      }
      expect(failures).toEqual([]);
    },
    300_000,
  ); // one shell process per script: ~4 s on an idle machine, minutes on a loaded one

  it('the env-file awk program is valid awk', async () => {
    const r = await local.run(['awk', '-v', 'gd_key=X', ENV_VALUE_AWK, '/dev/null'], { allowFailure: true });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
  });

  it('the lock scripts (acquire, contended, stale break, release) parse too', async () => {
    const dir = await mkdtemp(join(tmpdir(), `gd-syntax-${HOSTILE_NAME}`));
    const seen: string[] = [];
    const rec: Executor = {
      name: 'rec',
      run: (a, o) => local.run(a, o),
      sh: (s: string, o?: ExecOptions) => (seen.push(s), local.sh(s, o)),
      close: async () => {},
    };
    const info = (runId: string, age = 0): LockInfo => ({
      runId,
      actor: 'a',
      sha: 'abc',
      command: 'deploy',
      time: new Date(Date.now() - age).toISOString(),
    });
    try {
      await acquireLock(rec, dir, info('old', 3_600_000), { ttlMs: 1000, waitMs: 0, forceUnlock: false, pollMs: 10 });
      await acquireLock(rec, dir, info('new'), { ttlMs: 1, waitMs: 0, forceUnlock: false, pollMs: 10 }).catch(() => undefined);
      await releaseLock(rec, dir, 'new');
      await releaseLock(rec, dir, 'old');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(seen.length).toBeGreaterThanOrEqual(3);
    for (const shell of ['sh', 'dash']) for (const s of seen) expect(await parses(shell, s), s).toEqual({ code: 0, stderr: '' });
  });
});

/** A compose stand-in: skips `-p P -f F … exec -T [-e NAME]… SERVICE`, then runs the command itself. */
const FAKE_COMPOSE = `#!/bin/sh
while [ "$1" = -p ] || [ "$1" = -f ] || [ "$1" = --project-directory ]; do shift 2; done
[ "$1" = exec ] || { echo "fake compose: expected exec, got $1" >&2; exit 99; }
shift; [ "$1" = -T ] && shift
while [ "$1" = -e ]; do shift 2; done
shift
exec "$@"
`;
/** mysql / psql stand-ins: print 3 for a query, nothing for CREATE/DROP. */
const FAKE_CLIENT = `#!/bin/sh
for a in "$@"; do case $a in SELECT*) echo 3; exit 0 ;; esac; done
exit 0
`;

const SQLITE = withTools('the sqlite restore drill run with dash', 'sqlite3');

describe('the restore drill scripts run with dash (stub clients, real sqlite3)', () => {
  let dir = '';
  let env: Record<string, string> = {};
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `gd-drill-run-${HOSTILE_NAME}`));
    const bin = join(dir, 'bin');
    await mkdir(bin);
    for (const [name, text] of [
      ['compose', FAKE_COMPOSE],
      ['mysql', FAKE_CLIENT],
      ['psql', FAKE_CLIENT],
    ] as const) {
      await writeFile(join(bin, name), text);
      await chmod(join(bin, name), 0o755);
    }
    env = { PATH: `${bin}:${process.env.PATH ?? ''}` };
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const runDash = (script: string, stdin?: string) => local.run(['dash', '-c', script], { env, stdin, allowFailure: true });

  for (const engine of ['mariadb', 'postgres', 'sqlite'] as const) {
    for (const service of [undefined, 'db']) {
      it.runIf(engine !== 'sqlite' || SQLITE)(
        `${engine} ${service ? 'in a compose service' : 'on the host'}: create, query and drop succeed; the query prints GD_VALUE`,
        async () => {
          const spec: BackupSpec =
            engine === 'sqlite' ? { engine, path: 'db.sqlite3', keep: 1 } : { engine, database: 'app', user: 'u', keep: 1 };
          const c: BackupContext = {
            ...ctx,
            deployPath: dir,
            password: engine === 'sqlite' ? undefined : 'pw',
            compose: { command: ['compose'], projectDir: dir, files: ['c.yml'], project: 'p' },
          };
          const plan = planDrill({ ...spec, ...(service ? { service } : {}) }, c, { suffix: randomBytes(4).toString('hex') });
          if (engine === 'sqlite') await mkdir(dirname(plan.scratch), { recursive: true });
          const outputs: string[] = [];
          for (const script of [plan.create, plan.query, plan.drop]) {
            if (!script) continue;
            const r = await runDash(script, plan.stdin);
            expect(r.stderr).toBe('');
            expect(r.code).toBe(0);
            outputs.push(r.stdout);
            // what the restore does between create and query: fill the scratch database
            if (engine === 'sqlite' && script === plan.create)
              await local.run(['sqlite3', plan.scratch, 'CREATE TABLE a(x); CREATE TABLE b(y);']);
          }
          expect(outputs.join('')).toMatch(engine === 'sqlite' ? /^GD_VALUE 2$/m : /^GD_VALUE 3$/m);
        },
      );
    }
  }
});
