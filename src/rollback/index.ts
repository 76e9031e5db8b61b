/** The rollback variant of each strategy (`strategy:` in the config): one line each. */
import type { Target } from '../config/schema.js';
import type { Strategy } from '../strategies/types.js';
import { composeRollback } from './compose.js';
import { passengerRollback } from './passenger.js';
import { swarmRollback } from './swarm.js';

export const ROLLBACKS: Record<Target['strategy'], Strategy> = {
  compose: composeRollback,
  passenger: passengerRollback,
  swarm: swarmRollback,
};

export const rollbackOf = (target: Target): Strategy => ROLLBACKS[target.strategy];
