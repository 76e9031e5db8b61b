/** The strategies a target can name (`strategy:` in the config): one line each. */
import type { Target } from '../config/schema.js';
import { composeStrategy } from './compose/strategy.js';
import { passengerStrategy } from './passenger/strategy.js';
import { swarmStrategy } from './swarm/strategy.js';
import type { Strategy } from './types.js';

export const STRATEGIES: Record<Target['strategy'], Strategy> = {
  compose: composeStrategy,
  passenger: passengerStrategy,
  swarm: swarmStrategy,
};

export const strategyOf = (target: Target): Strategy => STRATEGIES[target.strategy];
