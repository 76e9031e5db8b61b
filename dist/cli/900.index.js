import { fileURLToPath as __gdFileURLToPath } from 'node:url';
import { dirname as __gdDirname } from 'node:path';
const __filename = __gdFileURLToPath(import.meta.url);
const __dirname = __gdDirname(__filename);
export const id = 900;
export const ids = [900];
export const modules = {

/***/ 47900:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  deploymentsApi: () => (/* binding */ deploymentsApi)
});

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js
var github = __webpack_require__(61351);
;// CONCATENATED MODULE: ./lib/github/octokit.js
/** One octokit for a repository: @actions/github's client on GITHUB_API_URL (GHES, tests). */

function repoOctokit(token, repository, baseUrl = process.env.GITHUB_API_URL || 'https://api.github.com') {
    const [owner = '', repo = ''] = repository.split('/');
    if (!owner || !repo)
        throw new Error(`repository must be owner/repo, got ${JSON.stringify(repository)}`);
    return { octokit: (0,github/* getOctokit */.Q)(token, { baseUrl }), owner, repo };
}
//# sourceMappingURL=octokit.js.map
;// CONCATENATED MODULE: ./lib/github/deployments.js
/**
 * GitHub Deployments for deploys and rollbacks: a deployment of the release's sha to the
 * environment, then `in_progress` → `success` / `failure` statuses with the environment URL, so the
 * repository's Environments page shows them. The API base URL is GITHUB_API_URL (GHES, tests).
 */

const deployments_short = (text) => (text.length > 140 ? `${text.slice(0, 137)}...` : text);
/** The REST calls, through @actions/github's octokit. `repository` is "owner/repo". */
function deploymentsApi(token, repository, baseUrl) {
    const { octokit, owner, repo } = repoOctokit(token, repository, baseUrl);
    return {
        async create(req) {
            const res = await octokit.rest.repos.createDeployment({
                owner,
                repo,
                ref: req.ref,
                task: req.task,
                environment: req.environment,
                description: deployments_short(req.description),
                auto_merge: false,
                required_contexts: [],
                payload: { tool: 'gitops-deploy' },
            });
            const data = res.data;
            if (typeof data.id !== 'number')
                throw new Error(`deployment not created: ${data.message ?? `HTTP ${res.status}`}`);
            return data.id;
        },
        async status(id, state, req, description) {
            await octokit.rest.repos.createDeploymentStatus({
                owner,
                repo,
                deployment_id: id,
                state,
                environment: req.environment,
                description: deployments_short(description ?? req.description),
                ...(req.environmentUrl ? { environment_url: req.environmentUrl } : {}),
                ...(req.logUrl ? { log_url: req.logUrl } : {}),
                auto_inactive: true,
            });
        },
    };
}
//# sourceMappingURL=deployments.js.map

/***/ })

};
