import { fileURLToPath as __gdFileURLToPath } from 'node:url';
import { dirname as __gdDirname } from 'node:path';
const __filename = __gdFileURLToPath(import.meta.url);
const __dirname = __gdDirname(__filename);
export const id = 251;
export const ids = [251];
export const modules = {

/***/ 90251:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   deploymentsApi: () => (/* binding */ deploymentsApi)
/* harmony export */ });
/* harmony import */ var _octokit_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51282);
/**
 * GitHub Deployments for deploys and rollbacks: a deployment of the release's sha to the
 * environment, then `in_progress` → `success` / `failure` statuses with the environment URL, so the
 * repository's Environments page shows them. The API base URL is GITHUB_API_URL (GHES, tests).
 */

const short = (text) => (text.length > 140 ? `${text.slice(0, 137)}...` : text);
/** The REST calls, through @actions/github's octokit. `repository` is "owner/repo". */
function deploymentsApi(token, repository, baseUrl) {
    const { octokit, owner, repo } = (0,_octokit_js__WEBPACK_IMPORTED_MODULE_0__/* .repoOctokit */ .A)(token, repository, baseUrl);
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
                description: short(description ?? req.description),
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

//# sourceMappingURL=251.index.js.map