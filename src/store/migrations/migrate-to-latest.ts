import { Migrator } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../dialects/store-dialect.ts';
import type { Database } from '../schema.ts';
import { initMigration } from './0001-init.ts';
import { feedbackUndoTokenMigration } from './0002-feedback-undo-token.ts';
import { oneRunningPipelineRunMigration } from './0003-one-running-pipeline-run.ts';

/** Every migration, by name; names sort in the order they must run. Listed in code, never globbed. */
export function storeMigrations(dialect: StoreDialect): Record<string, Migration> {
  return {
    '0001-init': initMigration(dialect),
    '0002-feedback-undo-token': feedbackUndoTokenMigration(),
    '0003-one-running-pipeline-run': oneRunningPipelineRunMigration(dialect),
  };
}

/**
 * Applies the migrations not yet recorded in the database, all in one transaction, and returns their
 * names (empty when already up to date). `schema` pins Kysely's bookkeeping tables on PostgreSQL: without
 * it the Migrator would take another schema's `kysely_migration` table for its own.
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  dialect: StoreDialect,
  schema?: string,
): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => storeMigrations(dialect) },
    migrationTableSchema: schema,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName ?? 'setup';
    throw new Error(
      `Database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
  return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
