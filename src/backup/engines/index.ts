import type { BackupEngine } from '../types.js';
import { mariadbEngine } from './mariadb.js';
import { postgresEngine } from './postgres.js';
import { sqliteEngine } from './sqlite.js';
import type { EngineCommands } from './types.js';

const ENGINES: Readonly<Record<BackupEngine, EngineCommands>> = {
  mariadb: mariadbEngine,
  mysql: mariadbEngine,
  postgres: postgresEngine,
  sqlite: sqliteEngine,
};

export function engineCommands(engine: BackupEngine): EngineCommands {
  return ENGINES[engine];
}

export type { EngineCommands, RunWhere } from './types.js';
