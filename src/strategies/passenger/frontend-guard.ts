/**
 * public_html is the site's document root: besides the frontend it holds what the owner and the app
 * put there (Django's MEDIA_ROOT at public_html/media, a verification file). The frontend sync runs
 * rsync --delete, so before anything changes a dry run lists what it would delete. With a frontend
 * copy of the live release (what the previous deploy left there), a file of that copy may go (a stale
 * asset) and any other unprotected file stops the deploy. Without one (the first deploy with a
 * frontend: public_html as the site was deployed by hand), what the sync removes is moved to
 * <path>/.deploy/public_html-removed/<release> and named in a warning.
 */
import { UserError } from '../../core/errors.js';
import { shortSha } from '../../core/text.js';
import { runRsync } from '../../sync/run-rsync.js';
import { deletedPaths } from '../../sync/trash.js';
import { rsyncChmod } from '../../transport/modes.js';
import { shellQuote as q } from '../../transport/quote.js';
import type { PassengerDeploy } from './deploy-context.js';
import { frontendRsyncArgs, type BuiltFrontend } from './frontend.js';

const HAS_COPY = 'copy: yes';

/** Shell: when `copy` exists, prints HAS_COPY, then each path read from stdin (one a line) that it does not hold; stdin is read to its end either way (a writer is never cut off). */
export function notInCopyScript(copy: string): string {
  const c = q(copy);
  return `if [ -d ${c} ]; then echo '${HAS_COPY}'; while IFS= read -r p; do if [ ! -e ${c}/"$p" ] && [ ! -L ${c}/"$p" ]; then printf '%s\\n' "$p"; fi; done; else cat >/dev/null; fi`;
}

const named = (files: readonly string[], shown = 10): string =>
  files.slice(0, shown).join(', ') + (files.length > shown ? `, … (${files.length} files)` : '');

/** The refusal naming the files and the way out. */
export function foreignFilesMessage(publicHtml: string, files: readonly string[], live: string, target: string): string {
  return (
    `frontend: the sync into ${publicHtml} (rsync --delete) would delete files no deploy put there (the frontend kept for ${live} does not have them): ${named(files)}. ` +
    `List what the site keeps in targets.${target}.frontend.protect (e.g. media/ for uploads), remove the rest from ${publicHtml}, and deploy again. Nothing was deployed.`
  );
}

/** The files the frontend sync of `built` would delete, and those of them the live release's frontend copy lacks (undefined: no copy). */
async function deletions(d: PassengerDeploy, built: BuiltFrontend): Promise<{ deleted: string[]; foreign?: string[] }> {
  const { s, target, paths } = d;
  const fe = target.frontend!;
  if ((await s.conn.exec.sh(`test -d ${q(fe.public_html)}`, { allowFailure: true })).code !== 0) return { deleted: [] };
  const args = frontendRsyncArgs(s.conn, built.dist, fe, rsyncChmod(target.umask), { dryRun: true });
  const dry = await runRsync(args, { ensureMaster: () => s.conn.ensureMaster() });
  const deleted = deletedPaths(dry.itemized).filter((p) => !p.endsWith('/'));
  if (deleted.length === 0 || !d.previous) return { deleted };
  const r = await s.conn.exec.sh(notInCopyScript(paths.frontendOf(d.previous.id)), { stdin: `${deleted.join('\n')}\n` });
  const lines = r.stdout.split('\n').filter(Boolean);
  return lines[0] === HAS_COPY ? { deleted, foreign: lines.slice(1) } : { deleted };
}

/**
 * Before the frontend sync: refuses (UserError) when it would delete a file that is not the live
 * release's frontend; without a frontend copy to tell, sets `d.frontendRemovedTo` and warns.
 */
export async function guardFrontendDeletions(d: PassengerDeploy, built: BuiltFrontend): Promise<void> {
  const { deleted, foreign } = await deletions(d, built);
  const fe = d.target.frontend!;
  if (foreign) {
    if (foreign.length > 0) throw new UserError(foreignFilesMessage(fe.public_html, foreign, shortSha(d.previous!.id), d.s.targetName));
    return;
  }
  if (deleted.length === 0) return;
  d.frontendRemovedTo = `${d.target.path}/.deploy/public_html-removed/${d.sha}`;
  const text = `frontend: no earlier deploy's frontend is kept to tell stale assets from the site's own files: the ${deleted.length} file${deleted.length === 1 ? '' : 's'} the sync removes from ${fe.public_html} ${deleted.length === 1 ? 'is' : 'are'} moved to ${d.frontendRemovedTo} (${named(deleted)}); list what the site keeps in frontend.protect`;
  d.s.reporter.warning(text);
  d.s.report.warnings.push(text);
}
