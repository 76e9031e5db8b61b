/** The compose model the planner compares between two commits (plain data). */

/** One service of a merged compose model, with every path made repo-relative (POSIX, normalized). */
export interface ComposeService {
  name: string;
  /** the merged definition, `extends` resolved; compared as-is between two commits */
  definition: Record<string, unknown>;
  /** present when the service has a `build` section */
  build?: {
    /** repo-relative context dir ("." = repo root); may start with "../" when outside the repo */
    context: string;
    /** repo-relative path of the Dockerfile */
    dockerfile: string;
    /** repo-relative directories of the local `additional_contexts` (not images, URLs or `service:`); absent when none */
    additionalContexts?: string[];
    /**
     * services whose image this one builds on: an `additional_contexts` entry `service:<name>`, or
     * (linkBaseImages) a Dockerfile `FROM`/`COPY --from` naming the `image:` a service builds; absent when none
     */
    fromServices?: string[];
  };
  /** repo-relative host sources of bind mounts (files or directories), also the `file:` of the configs/secrets it uses (compose bind-mounts them) */
  bindMounts: string[];
  /** repo-relative env_file paths */
  envFiles: string[];
  /** repo-relative `file:` of the configs/secrets it uses (also in bindMounts); absent when none */
  configFiles?: string[];
  /** the configs/secrets with a `file:` it references (swarm creates one immutable object of each); absent when none */
  fileObjects?: FileObject[];
  /**
   * "configs.<name>"/"secrets.<name>" → what compose copies into the container when it creates it
   * (`content:`, the `environment:` variable's value) for those it uses; compose's config hash leaves
   * it out, so a change is applied with `--force-recreate` (rule "compose-content"). Absent when none
   */
  inlineSources?: Record<string, unknown>;
}

/** A top-level config/secret with a `file:`, as a service references it. */
export interface FileObject {
  kind: 'configs' | 'secrets';
  /** its key under the top-level `configs:`/`secrets:` */
  key: string;
  /** repo-relative path of its `file:` */
  file: string;
  /** its `name:` when set (swarm's name for it; else `<stack>_<key>`) */
  name?: string;
}

export interface ComposeModel {
  services: Record<string, ComposeService>;
  /** interpolation expressions kept as written (`${VAR?err}` with VAR missing, malformed `${...}`); absent when none */
  unresolved?: string[];
  /** repo-relative compose files read for `extends: {file}` or `include` that the configured files are not; absent when none */
  otherFiles?: string[];
  /** repo-relative env files read to interpolate an included file (its `.env` or `env_file`), present or not; absent when none */
  includeEnvFiles?: string[];
  /** services left out because none of their profiles is active, as "name (profiles)"; absent when none */
  inactive?: string[];
}

/** Per-service effect of a compose file change (diffComposeModels); lists sorted. */
export interface ComposeDiff {
  build: string[];
  recreate: string[];
  remove: string[];
  /** the services of `recreate` whose only change is an inline config/secret (ComposeService.inlineSources); absent when none */
  inlineOnly?: string[];
}
