/**
 * The plan as one pull request comment, created on the first run and updated in place on later
 * pushes (found by a hidden marker). Sent over HTTP by octokit: a plan of any size never passes
 * through an environment variable or argv. The API base URL is GITHUB_API_URL (GHES, tests).
 */
import { repoOctokit } from './octokit.js';

export const PLAN_COMMENT_MARKER = '<!-- gitops-deploy-plan -->';
/** GitHub refuses comment bodies over 65,536 characters. */
export const COMMENT_LIMIT = 65_536;

export interface IssueComment {
  id: number;
  body: string;
  /** written by a bot (the github-actions token), so ours to update */
  byBot: boolean;
}

export interface CommentsApi {
  list(issue: number): Promise<IssueComment[]>;
  create(issue: number, body: string): Promise<void>;
  update(id: number, body: string): Promise<void>;
}

/** The comment text: marker, then the markdown, cut (with a note) to fit GitHub's limit. */
export function planCommentBody(markdown: string, runUrl?: string): string {
  const tail = runUrl ? `\n\n[Job summary](${runUrl})` : '';
  const room = COMMENT_LIMIT - PLAN_COMMENT_MARKER.length - tail.length - 200;
  const text = markdown.length > room ? `${markdown.slice(0, room)}\n\n… (cut: the full plan is in the job summary)` : markdown;
  return `${PLAN_COMMENT_MARKER}\n${text}${tail}`;
}

/** Updates our earlier plan comment on the pull request, or creates it. */
export async function upsertPlanComment(api: CommentsApi, issue: number, body: string): Promise<'created' | 'updated'> {
  const mine = (await api.list(issue)).find((c) => c.byBot && c.body.includes(PLAN_COMMENT_MARKER));
  if (mine) {
    await api.update(mine.id, body);
    return 'updated';
  }
  await api.create(issue, body);
  return 'created';
}

/** The REST calls, through @actions/github's octokit. `repository` is "owner/repo". */
export function commentsApi(token: string, repository: string, baseUrl?: string): CommentsApi {
  const { octokit, owner, repo } = repoOctokit(token, repository, baseUrl);
  return {
    async list(issue) {
      const all = await octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: issue, per_page: 100 });
      return all.map((c) => ({ id: c.id, body: c.body ?? '', byBot: c.user?.type === 'Bot' }));
    },
    async create(issue, body) {
      await octokit.rest.issues.createComment({ owner, repo, issue_number: issue, body });
    },
    async update(id, body) {
      await octokit.rest.issues.updateComment({ owner, repo, comment_id: id, body });
    },
  };
}
