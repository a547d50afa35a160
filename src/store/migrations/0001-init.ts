import { sql } from 'kysely';
import type { Kysely, Migration, RawBuilder } from 'kysely';
import type { StoreDialect } from '../dialects/store-dialect.ts';

// Migrations are frozen in time, so they spell out the enum values rather than importing today's lists.
function oneOf(column: string, values: readonly string[]): RawBuilder<unknown> {
  return sql`${sql.ref(column)} in (${sql.join(values.map((value) => sql.lit(value)))})`;
}

/** The first schema: catalog, Steam players and libraries, dataset interactions, feedback, models, pipeline. */
export function initMigration(dialect: StoreDialect): Migration {
  const t = dialect.columnTypes;
  return {
    // Kysely<any> is the documented migration signature: a migration must not see today's Database type.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('games')
        .addColumn('appid', 'integer', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('release_date', 'text')
        .addColumn('developers', t.json, (c) => c.notNull())
        .addColumn('publishers', t.json, (c) => c.notNull())
        .addColumn('platforms', t.json)
        .addColumn('genres', t.json, (c) => c.notNull())
        .addColumn('categories', t.json, (c) => c.notNull())
        .addColumn('tags', t.json, (c) => c.notNull())
        .addColumn('required_age', 'integer')
        .addColumn('price_gbp', t.double)
        .addColumn('positive_ratings', 'integer')
        .addColumn('negative_ratings', 'integer')
        .addColumn('owners_min', 'integer')
        .addColumn('owners_max', 'integer')
        .addColumn('median_playtime_minutes', 'integer')
        .addColumn('is_multiplayer', t.boolean, (c) => c.notNull())
        .addColumn('mp_modes', t.json, (c) => c.notNull())
        .addColumn('mp_online_max', 'integer')
        .addColumn('mp_local_max', 'integer')
        .addColumn('mp_lan_max', 'integer')
        .addColumn('mp_split_screen_max', 'integer')
        .addColumn('mp_drop_in_drop_out', t.boolean)
        .addColumn('sources', t.json, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('games_name_lower_idx')
        .on('games')
        .expression(sql`lower(name)`)
        .execute();

      await db.schema
        .createTable('steam_players')
        .addColumn('steam_id', 'text', (c) => c.primaryKey())
        .addColumn('persona_name', 'text', (c) => c.notNull())
        .addColumn('avatar_url', 'text')
        .addColumn('profile_visibility', 'integer', (c) => c.notNull())
        .addColumn('fetched_at', t.timestamp, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('libraries')
        .addColumn('steam_id', 'text', (c) => c.notNull())
        .addColumn('appid', 'integer', (c) => c.notNull())
        .addColumn('playtime_forever_minutes', 'integer', (c) => c.notNull())
        .addColumn('playtime_2weeks_minutes', 'integer')
        .addColumn('fetched_at', t.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('libraries_pk', ['steam_id', 'appid'])
        .execute();

      await db.schema
        .createTable('dataset_interactions')
        .addColumn('dataset', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('kaggle_user_id', 'text')
        .addColumn('game_id', 'integer', (c) => c.notNull())
        .addColumn('game_title', 'text', (c) => c.notNull())
        .addColumn('appid', 'integer')
        .addColumn('appid_match', 'text', (c) => c.notNull())
        .addColumn('purchase_rows', 'integer', (c) => c.notNull())
        .addColumn('play_rows', 'integer', (c) => c.notNull())
        .addColumn('hours', t.double, (c) => c.notNull())
        .addPrimaryKeyConstraint('dataset_interactions_pk', ['dataset', 'user_id', 'game_id'])
        .execute();
      await db.schema
        .createIndex('dataset_interactions_appid_idx')
        .on('dataset_interactions')
        .column('appid')
        .execute();

      await db.schema
        .createTable('feedback_events')
        .addColumn('id', 'integer', (c) => dialect.autoIncrementPrimaryKey(c))
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('member_keys', t.json, (c) => c.notNull())
        .addColumn('group_key', 'text', (c) => c.notNull())
        .addColumn('appid', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) =>
          c.notNull().check(oneOf('kind', ['liked', 'dismissed', 'played_together'])),
        )
        .addColumn('model_version', 'text')
        .addColumn('undone_at', t.timestamp)
        .execute();
      await db.schema
        .createIndex('feedback_events_group_key_idx')
        .on('feedback_events')
        .column('group_key')
        .execute();
      await db.schema
        .createIndex('feedback_events_created_at_idx')
        .on('feedback_events')
        .column('created_at')
        .execute();

      await db.schema
        .createTable('model_versions')
        .addColumn('version', 'text', (c) => c.primaryKey())
        .addColumn('algorithm', 'text', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('manifest', t.json, (c) => c.notNull())
        .addColumn('metrics', t.json, (c) => c.notNull())
        .addColumn('checksum', 'text', (c) => c.notNull())
        .addColumn('artifact', t.bytes)
        .addColumn('artifact_path', 'text')
        .addColumn('status', 'text', (c) =>
          c.notNull().check(oneOf('status', ['candidate', 'published', 'retired', 'rejected'])),
        )
        .execute();

      await db.schema
        .createTable('app_state')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('pipeline_runs')
        .addColumn('id', 'integer', (c) => dialect.autoIncrementPrimaryKey(c))
        .addColumn('started_at', t.timestamp, (c) => c.notNull())
        .addColumn('finished_at', t.timestamp)
        .addColumn('status', 'text', (c) =>
          c.notNull().check(oneOf('status', ['running', 'succeeded', 'failed', 'cancelled'])),
        )
        .addColumn('trigger', 'text', (c) => c.notNull())
        .addColumn('snapshot_id', 'text')
        .execute();

      await db.schema
        .createTable('pipeline_tasks')
        .addColumn('run_id', 'integer', (c) => c.notNull().references('pipeline_runs.id').onDelete('cascade'))
        .addColumn('task', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) =>
          c
            .notNull()
            .check(oneOf('status', ['pending', 'running', 'succeeded', 'failed', 'skipped', 'cancelled'])),
        )
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('started_at', t.timestamp)
        .addColumn('finished_at', t.timestamp)
        .addColumn('log_tail', 'text')
        .addColumn('metrics', t.json)
        .addColumn('error', 'text')
        .addPrimaryKeyConstraint('pipeline_tasks_pk', ['run_id', 'task'])
        .execute();

      await db.schema
        .createTable('steam_cache')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('fetched_at', t.timestamp, (c) => c.notNull())
        .addColumn('expires_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('steam_cache_expires_at_idx')
        .on('steam_cache')
        .column('expires_at')
        .execute();
    },
  };
}
