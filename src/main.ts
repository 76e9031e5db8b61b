import { runAction } from './entry/action/run.js';

await runAction();
