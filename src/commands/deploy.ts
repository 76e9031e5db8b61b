import type { Config } from '../config/schema.js';
import type { DeploymentRef, RunReport } from '../session/report.js';
import type { Reporter } from '../core/reporter.js';
import type { Settings } from '../core/settings.js';
import { withGithubDeployment } from '../github/with-deployment.js';
import { deployWith } from '../pipeline/deploy.js';
import { resolveTo } from '../pipeline/plan.js';
import { withSession } from '../session/session.js';
import { strategyOf } from '../strategies/index.js';
import { shortSha } from '../core/text.js';
import { dryRunOffline } from './dry-run-offline.js';

export async function deployCommand(settings: Settings, config: Config, reporter: Reporter, report: RunReport): Promise<void> {
  if (settings.dryRun && !settings.ssh.privateKey) return dryRunOffline(settings, config, reporter, report);
  // the local git work of resolving `to` runs while the session opens
  const resolving = settings.dryRun ? undefined : resolveTo(settings);
  resolving?.catch(() => undefined);
  await withSession(settings, config, reporter, report, async (s) => {
    const run = () => deployWith(s, strategyOf(s.target), resolving && (() => resolving));
    if (settings.dryRun) return run();
    const info = {
      ref: settings.to,
      task: 'deploy' as const,
      description: `gitops-deploy ${shortSha(settings.to)} to ${s.targetName}`,
      onCreated: (d: DeploymentRef) => (report.deployment = d),
    };
    return withGithubDeployment(settings, s.targetName, reporter, info, run);
  });
}
