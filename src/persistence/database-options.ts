/** Where the queue and the run store keep their data; both read the same options. */
export type DatabaseOptions = {
  /** PostgreSQL connection string; when set, PostgreSQL is used instead of the SQLite file. */
  databaseUrl?: string;
  /** The embedded database file (default `./data/codegen.db`). */
  sqlitePath?: string;
  /** PostgreSQL schema for the tables (the queue defaults to `pgboss`, the run store to `public`). */
  pgSchema?: string;
};

export const DEFAULT_SQLITE_PATH = "./data/codegen.db";
