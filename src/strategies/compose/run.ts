/** What every phase of a compose deploy shares. */
import type { ApplyContext } from '../../apply/apply-plan.js';
import type { ComposeInvocation } from '../../apply/compose-command.js';
import { composeInvocation } from '../../apply/compose-target.js';
import type { ComposeTarget } from '../../config/schema.js';
import { layoutOf, type Layout } from '../../sync/layout.js';
import { uploadRelease } from '../../sync/upload.js';
import type { DeployRun, Planned } from '../types.js';

export interface ComposeRun extends DeployRun {
  target: ComposeTarget;
  layout: Layout;
  /** releases layout (else in-place) */
  releases: boolean;
  planned: Planned;
  /** compose run from `current` (or the in-place root): stable bind-mount paths */
  inv: ComposeInvocation;
  apply: ApplyContext;
}

export function composeRun(base: DeployRun, planned: Planned): ComposeRun {
  const target = base.s.target as ComposeTarget;
  const layout = layoutOf(target.path);
  const releases = target.layout === 'releases';
  const inv = composeInvocation(base.s.config, releases ? layout.current : layout.root);
  const apply = { exec: base.s.conn.exec, reporter: base.s.reporter, model: planned.input.composeTo };
  return { ...base, target, layout, releases, planned, inv, apply };
}

/** Uploads the tree of `sha` (hard-linked to `linkFrom`'s release directory). */
export function uploadTree(d: ComposeRun, sha: string, linkFrom?: string): Promise<unknown> {
  return uploadRelease(d.s.conn, { repo: d.s.settings.repo, sha, linkFrom, target: d.target }, d.s.reporter);
}
