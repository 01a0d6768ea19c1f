import type Database from 'better-sqlite3';

/** One schema step: applied in a transaction, then `user_version` is set to `version`. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}
