/**
 * Wraps a deploy or rollback in a GitHub Deployment when the settings carry a token. The API is
 * best effort: a failing call is a warning, never the reason a deploy fails or is skipped.
 */
import type { Reporter } from '../core/reporter.js';
import type { Settings } from '../core/settings.js';
import type { DeploymentRef } from '../session/report.js';
import type { DeploymentRequest, DeploymentsApi } from './deployments.js';

export interface DeploymentInfo {
  ref: string;
  task: 'deploy' | 'deploy:rollback';
  description: string;
  /** told the deployment once it is created (the run report keeps it for the Action's outputs) */
  onCreated?: (deployment: DeploymentRef) => void;
}

/** The request for this run: environment = the `environment` input, else the target name. */
export function deploymentRequest(settings: Settings, target: string, info: DeploymentInfo): DeploymentRequest {
  return {
    ref: info.ref,
    task: info.task,
    environment: settings.github?.environment || target,
    description: info.description,
    environmentUrl: settings.github?.environmentUrl,
    logUrl: settings.run.url,
  };
}

/** The API when the settings carry a token; @actions/github (octokit, undici) is loaded only then. */
async function apiFor(settings: Settings, reporter: Reporter): Promise<DeploymentsApi | undefined> {
  if (!settings.github) return undefined;
  try {
    const { deploymentsApi } = await import('./deployments.js');
    return deploymentsApi(settings.github.token, settings.github.repository);
  } catch (e) {
    reporter.warning(`GitHub deployment not recorded: ${(e as Error).message}`);
    return undefined;
  }
}

/** Runs `fn` between the deployment's `in_progress` and its `success`/`failure` status. */
export async function withGithubDeployment<T>(
  settings: Settings,
  target: string,
  reporter: Reporter,
  info: DeploymentInfo,
  fn: () => Promise<T>,
  client?: DeploymentsApi,
): Promise<T> {
  const api = client ?? (await apiFor(settings, reporter));
  if (!api) return fn();
  const req = deploymentRequest(settings, target, info);
  const warn = (what: string) => (e: unknown) =>
    reporter.warning(`GitHub deployment ${what}: ${e instanceof Error ? e.message : String(e)}`);
  let id: number | undefined;
  try {
    id = await api.create(req);
    info.onCreated?.({ id, environment: req.environment, ...(req.environmentUrl ? { url: req.environmentUrl } : {}) });
    await api.status(id, 'in_progress', req);
    reporter.info(`GitHub deployment ${id} to environment ${req.environment}: in progress`);
  } catch (e) {
    warn('not recorded')(e);
  }
  try {
    const value = await fn();
    if (id !== undefined) await api.status(id, 'success', req).catch(warn('status'));
    return value;
  } catch (e) {
    if (id !== undefined) await api.status(id, 'failure', req, e instanceof Error ? e.message : String(e)).catch(warn('status'));
    throw e;
  }
}
