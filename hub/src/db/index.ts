export { openDatabase } from './open-database.js';
export type { OpenDatabaseOptions } from './open-database.js';
export type { Database, IntegrityReport, Reader, Transaction, WriteOptions } from './database.js';
export type { InsertManyOptions, OnConflict } from './insert-many.js';
export { MAX_BOUND_PARAMS } from './sqlite-connection.js';
export type { RunResult, SqlParams, SqlValue } from './sqlite-connection.js';
export { sqliteCodeOf } from './db-error.js';
export { DEFAULT_MIGRATIONS_DIR } from './migrate.js';
