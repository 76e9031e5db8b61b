/** One octokit for a repository: @actions/github's client on GITHUB_API_URL (GHES, tests). */
import { getOctokit } from '@actions/github';

export function repoOctokit(token: string, repository: string, baseUrl = process.env.GITHUB_API_URL || 'https://api.github.com') {
  const [owner = '', repo = ''] = repository.split('/');
  if (!owner || !repo) throw new Error(`repository must be owner/repo, got ${JSON.stringify(repository)}`);
  return { octokit: getOctokit(token, { baseUrl }), owner, repo };
}
