/**
 * GitHub Deployments for deploys and rollbacks: a deployment of the release's sha to the
 * environment, then `in_progress` → `success` / `failure` statuses with the environment URL, so the
 * repository's Environments page shows them. The API base URL is GITHUB_API_URL (GHES, tests).
 */
import { repoOctokit } from './octokit.js';

export type DeploymentState = 'in_progress' | 'success' | 'failure';

export interface DeploymentRequest {
  /** the commit deployed (for a rollback: the release gone back to) */
  ref: string;
  /** "deploy" or "deploy:rollback" */
  task: string;
  environment: string;
  description: string;
  environmentUrl?: string;
  /** the workflow run */
  logUrl?: string;
}

export interface DeploymentsApi {
  /** creates the deployment; returns its id */
  create(req: DeploymentRequest): Promise<number>;
  status(id: number, state: DeploymentState, req: DeploymentRequest, description?: string): Promise<void>;
}

const short = (text: string): string => (text.length > 140 ? `${text.slice(0, 137)}...` : text);

/** The REST calls, through @actions/github's octokit. `repository` is "owner/repo". */
export function deploymentsApi(token: string, repository: string, baseUrl?: string): DeploymentsApi {
  const { octokit, owner, repo } = repoOctokit(token, repository, baseUrl);
  return {
    async create(req) {
      const res = await octokit.rest.repos.createDeployment({
        owner,
        repo,
        ref: req.ref,
        task: req.task,
        environment: req.environment,
        description: short(req.description),
        auto_merge: false,
        required_contexts: [],
        payload: { tool: 'gitops-deploy' },
      });
      const data = res.data as { id?: number; message?: string };
      if (typeof data.id !== 'number') throw new Error(`deployment not created: ${data.message ?? `HTTP ${res.status}`}`);
      return data.id;
    },
    async status(id, state, req, description) {
      await octokit.rest.repos.createDeploymentStatus({
        owner,
        repo,
        deployment_id: id,
        state,
        environment: req.environment,
        description: short(description ?? req.description),
        ...(req.environmentUrl ? { environment_url: req.environmentUrl } : {}),
        ...(req.logUrl ? { log_url: req.logUrl } : {}),
        auto_inactive: true,
      });
    },
  };
}
