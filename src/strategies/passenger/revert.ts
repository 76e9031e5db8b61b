/** Undoes a failed passenger deploy: previous code live again, public_html restored, app restarted. */
import { switchCurrentScript } from '../../sync/layout.js';
import { shortSha } from '../../core/text.js';
import type { RevertOutcome } from '../types.js';
import type { PassengerDeploy } from './deploy-context.js';
import { installRequirements, restartApp } from './host-steps.js';
import { publicHtmlKeep, restoreScript } from './host-sync.js';
import { removeStaged, restoreCodeSnapshot } from './phases.js';
import { undoTaskWrites } from './frontend-tasks.js';

/**
 * pip changed the one virtualenv every release uses: the previous release's requirements again
 * (pinned versions go back; a package only the new ones added stays, unused). Best effort: a
 * failure is said, and the restart still runs.
 */
async function reinstallPrevious(d: PassengerDeploy, appRoot: string, id: string): Promise<string> {
  const { s, target, paths } = d;
  try {
    await installRequirements(s.conn.exec, target, paths.venv, appRoot, s.reporter);
    return `requirements of ${shortSha(id)} reinstalled`;
  } catch (e) {
    const text = `requirements of ${shortSha(id)} NOT reinstalled into ${paths.venv}: ${(e as Error).message.split('\n')[0]}`;
    s.reporter.warning(text);
    return text;
  }
}

/** Brings back the previous release after a failure at any step; a no-op before anything changed. */
export async function revertPassenger(d: PassengerDeploy): Promise<RevertOutcome> {
  const { s, paths, progress: p, previous } = d;
  const exec = s.conn.exec;
  // pip's staged tree, when the run stopped between pip and the code upload (which removes it)
  await removeStaged(d);
  const code = !paths.releases && p.has('code');
  const switched = paths.releases && p.has('switch');
  // pip ran into the venv the previous release uses (a first deploy has none serving)
  const pipRan = p.has('build') && previous !== undefined;
  const onlyTasks = !code && !pipRan && !p.has('frontend') && !p.has('switch');
  if (onlyTasks && (!p.has('publicHtmlTasks') || !previous)) {
    const keeps = previous ? `${shortSha(previous.id)} keeps serving` : 'nothing was serving yet';
    return { rolledBack: false, description: `aborted before the switch: ${keeps}` };
  }
  // only the tasks ran: what they wrote into public_html goes, the app was never touched
  if (onlyTasks && previous) return undoTaskWrites(d, previous.id);
  if (!previous) return { rolledBack: false, description: 'first deploy failed: there is no previous release to roll back to' };
  const done: string[] = [];
  const previousRoot = paths.appRootOf(previous.id);
  if (code) done.push(await restoreCodeSnapshot(d, previous.id));
  if (pipRan) done.push(await reinstallPrevious(d, previousRoot, previous.id));
  if ((p.has('frontend') || p.has('publicHtmlTasks')) && d.target.frontend) {
    await exec.sh(restoreScript(paths.publicHtmlSnapshot, d.target.frontend.public_html, publicHtmlKeep(d.target)));
    done.push('public_html restored');
  }
  const switchBack = switched ? switchCurrentScript(paths.layout, previous.id) : undefined;
  await restartApp(exec, d.target, paths, previousRoot, [paths.restartFileOf(paths.appRootOf(d.sha))], s.reporter, switchBack);
  done.push(switchBack ? 'current switched back, app restarted' : 'app restarted');
  return { rolledBack: p.has('switch'), description: `reverted to ${shortSha(previous.id)}: ${done.join(', ')}` };
}
