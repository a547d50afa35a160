import type { ColumnType, Generated } from 'kysely';
import type { CatalogSource, MultiplayerMode, Platform } from '../catalog/game.ts';

/*
 * The Kysely table row types: the single source of truth for the database's shape. Each alias below says
 * what the two drivers really return, so a repository has to go through its dialect's read* helpers.
 */

/** ISO-8601 text in SQLite, timestamptz (read back as a Date) in PostgreSQL; written as ISO text in both. */
export type Timestamp = ColumnType<Date | string, string, string>;
/** A Timestamp that may be NULL. */
export type NullableTimestamp = ColumnType<Date | string | null, string | null, string | null>;
/** Text in SQLite, jsonb (read back parsed) in PostgreSQL; written as JSON text in both. */
export type Json<T> = ColumnType<T | string, string, string>;
/** A Json column that may be NULL. */
export type NullableJson<T> = ColumnType<T | string | null, string | null, string | null>;
/** 0/1 in SQLite, boolean in PostgreSQL. */
export type Bool = ColumnType<boolean | number, boolean | number, boolean | number>;
/** A Bool column that may be NULL. */
export type NullableBool = ColumnType<
  boolean | number | null,
  boolean | number | null,
  boolean | number | null
>;
/** Blob in SQLite, bytea in PostgreSQL; both drivers read a Buffer. */
export type NullableBytes = ColumnType<Uint8Array | null, Uint8Array | null, Uint8Array | null>;

/** What a group can say about a recommended game. */
export const FEEDBACK_KINDS = ['liked', 'dismissed', 'played_together'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/** A model version's life: trained, serving (live), replaced, or refused by the gate. */
export const MODEL_STATUSES = ['candidate', 'published', 'retired', 'rejected'] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];

/** States of a pipeline run. */
export const PIPELINE_RUN_STATUSES = ['running', 'succeeded', 'failed', 'cancelled'] as const;
export type PipelineRunStatus = (typeof PIPELINE_RUN_STATUSES)[number];

/** States of one task of a pipeline run. */
export const PIPELINE_TASK_STATUSES = [
  'pending',
  'running',
  'succeeded',
  'failed',
  'skipped',
  'cancelled',
] as const;
export type PipelineTaskStatus = (typeof PIPELINE_TASK_STATUSES)[number];

/** The catalog: one row per Steam appid (see catalog/game.ts for each field's meaning). */
export interface GamesTable {
  appid: number;
  name: string;
  release_date: string | null;
  developers: Json<string[]>;
  publishers: Json<string[]>;
  platforms: NullableJson<Platform[]>;
  genres: Json<string[]>;
  categories: Json<string[]>;
  tags: Json<string[]>;
  required_age: number | null;
  price_gbp: number | null;
  positive_ratings: number | null;
  negative_ratings: number | null;
  owners_min: number | null;
  owners_max: number | null;
  median_playtime_minutes: number | null;
  is_multiplayer: Bool;
  mp_modes: Json<MultiplayerMode[]>;
  mp_online_max: number | null;
  mp_local_max: number | null;
  mp_lan_max: number | null;
  mp_split_screen_max: number | null;
  mp_drop_in_drop_out: NullableBool;
  sources: Json<CatalogSource[]>;
  updated_at: Timestamp;
}

/** Steam profiles as last fetched. */
export interface SteamPlayersTable {
  steam_id: string;
  persona_name: string;
  avatar_url: string | null;
  profile_visibility: number;
  fetched_at: Timestamp;
}

/** Steam players' owned games with playtime. */
export interface LibrariesTable {
  steam_id: string;
  appid: number;
  playtime_forever_minutes: number;
  playtime_2weeks_minutes: number | null;
  fetched_at: Timestamp;
}

/** Public dataset interactions, one row per (dataset, user, game title). */
export interface DatasetInteractionsTable {
  dataset: string;
  user_id: string;
  kaggle_user_id: string | null;
  game_id: number;
  game_title: string;
  /** null when the title matched no catalog game. */
  appid: number | null;
  appid_match: string;
  purchase_rows: number;
  play_rows: number;
  hours: number;
}

/** Group feedback on recommendations; undone events keep their row with undone_at set. */
export interface FeedbackEventsTable {
  id: Generated<number>;
  created_at: Timestamp;
  member_keys: Json<string[]>;
  group_key: string;
  appid: number;
  kind: FeedbackKind;
  model_version: string | null;
  undone_at: NullableTimestamp;
  /** SHA-256 (hex) of the undo token given out when the event was recorded; null for events from before. */
  undo_token_hash: string | null;
}

/** Trained models: manifest, metrics and artifact (bytes here or a file at artifact_path). */
export interface ModelVersionsTable {
  version: string;
  algorithm: string;
  created_at: Timestamp;
  manifest: Json<Record<string, unknown>>;
  metrics: Json<Record<string, unknown>>;
  checksum: string;
  artifact: NullableBytes;
  artifact_path: string | null;
  status: ModelStatus;
}

/** Small named values, such as the live model pointer. */
export interface AppStateTable {
  key: string;
  value: string;
  updated_at: Timestamp;
}

/** One row per retraining pipeline run. */
export interface PipelineRunsTable {
  id: Generated<number>;
  started_at: Timestamp;
  finished_at: NullableTimestamp;
  status: PipelineRunStatus;
  trigger: string;
  snapshot_id: string | null;
}

/** One row per step of a pipeline run. */
export interface PipelineTasksTable {
  run_id: number;
  task: string;
  /** Order of the task within its run. */
  position: number;
  status: PipelineTaskStatus;
  attempt: number;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  log_tail: string | null;
  metrics: NullableJson<Record<string, unknown>>;
  error: string | null;
}

/** Steam Web API responses kept until expires_at. */
export interface SteamCacheTable {
  key: string;
  body: string;
  status: number;
  fetched_at: Timestamp;
  expires_at: Timestamp;
}

/** Every table, keyed by its SQL name. */
export interface Database {
  games: GamesTable;
  steam_players: SteamPlayersTable;
  libraries: LibrariesTable;
  dataset_interactions: DatasetInteractionsTable;
  feedback_events: FeedbackEventsTable;
  model_versions: ModelVersionsTable;
  app_state: AppStateTable;
  pipeline_runs: PipelineRunsTable;
  pipeline_tasks: PipelineTasksTable;
  steam_cache: SteamCacheTable;
}
