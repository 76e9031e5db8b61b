/** gatherPlanInput between two commits of a test repository, with a cat-file process of its own. */
import { openCatFile } from '../../../src/git/cat-file.js';
import { gatherPlanInput } from '../../../src/git/plan-inputs.js';
import { repoAt } from '../../../src/git/repo.js';
import type { PlanInput, PlannerConfig } from '../../../src/plan/types.js';

export async function gatherBetween(dir: string, config: PlannerConfig, from: string, to: string): Promise<PlanInput> {
  const catFile = openCatFile(dir);
  try {
    return await gatherPlanInput(repoAt(dir), config, { sha: from }, to, catFile);
  } finally {
    catFile.close();
  }
}
