import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../dialects/store-dialect.ts';

/**
 * At most one pipeline run may be running, enforced by the database: a partial unique index on the status
 * of running runs. Two workers taking start jobs at once, or a start request during a task's retry wait,
 * used to create a second concurrent run whose older model could then go live over the newer one. Both
 * SQLite and PostgreSQL support partial indexes.
 *
 * Databases that already hold several running runs (left by that bug or by crashed processes) keep the
 * newest running and get the older ones failed, with their running tasks, or the index could not be built.
 */
export function oneRunningPipelineRunMigration(dialect: StoreDialect): Migration {
  return {
    // Kysely<any> is the documented migration signature: a migration must not see today's Database type.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      const newest = await db
        .selectFrom('pipeline_runs')
        .select('id')
        .where('status', '=', 'running')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (newest !== undefined) {
        const now = dialect.writeDate(new Date());
        const older = db
          .selectFrom('pipeline_runs')
          .select('id')
          .where('status', '=', 'running')
          .where('id', '<', newest.id);
        await db
          .updateTable('pipeline_tasks')
          .set({ status: 'failed', finished_at: now, error: 'abandoned: a newer run was also running' })
          .where('status', '=', 'running')
          .where('run_id', 'in', older)
          .execute();
        await db
          .updateTable('pipeline_runs')
          .set({ status: 'failed', finished_at: now })
          .where('status', '=', 'running')
          .where('id', '<', newest.id)
          .execute();
      }
      await db.schema
        .createIndex('pipeline_runs_one_running_idx')
        .unique()
        .on('pipeline_runs')
        .column('status')
        .where(sql.ref('status'), '=', sql.lit('running'))
        .execute();
    },
  };
}
