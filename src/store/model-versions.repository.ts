import { sql } from 'kysely';
import type { Kysely, Selectable } from 'kysely';
import { CoplayError } from '../errors.ts';
import type { StoreDialect } from './dialects/store-dialect.ts';
import { MODEL_STATUSES } from './schema.ts';
import type { Database, ModelStatus, ModelVersionsTable } from './schema.ts';
import { withTransaction } from './with-transaction.ts';

/** A model_versions row as listed: the bytes replaced by whether there are any. */
type ModelVersionRow = Omit<Selectable<ModelVersionsTable>, 'artifact'> & { has_artifact: boolean | number };

/** The app_state key holding the version the server should serve. */
export const LIVE_MODEL_KEY = 'live_model_version';

/** A trained model to register; its artifact lives in the database (`artifact`) or on disk (`artifactPath`). */
export interface NewModelVersion {
  version: string;
  algorithm: string;
  createdAt?: Date;
  manifest: Record<string, unknown>;
  metrics: Record<string, unknown>;
  checksum: string;
  artifact?: Uint8Array | null;
  artifactPath?: string | null;
  status?: ModelStatus;
}

/** A registered model, without its artifact bytes (see `getArtifact`). */
export interface ModelVersion {
  version: string;
  algorithm: string;
  createdAt: Date;
  manifest: Record<string, unknown>;
  metrics: Record<string, unknown>;
  checksum: string;
  /** True when the artifact bytes are stored in the database. */
  hasStoredArtifact: boolean;
  artifactPath: string | null;
  status: ModelStatus;
}

/** An artifact dropped by `pruneArtifacts`; a file at `artifactPath` is the caller's to delete. */
export interface PrunedArtifact {
  version: string;
  artifactPath: string | null;
}

/** Trained model versions, their artifacts and the live-model pointer. Versions are never rewritten. */
export class ModelVersionsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: StoreDialect,
  ) {}

  /** Registers a new version (a candidate unless told otherwise). */
  async insert(model: NewModelVersion): Promise<void> {
    const d = this.dialect;
    await this.db
      .insertInto('model_versions')
      .values({
        version: model.version,
        algorithm: model.algorithm,
        created_at: d.writeDate(model.createdAt ?? new Date()),
        manifest: d.writeJson(model.manifest),
        metrics: d.writeJson(model.metrics),
        checksum: model.checksum,
        artifact: model.artifact == null ? null : d.writeBytes(model.artifact),
        artifact_path: model.artifactPath ?? null,
        status: model.status ?? 'candidate',
      })
      .execute();
  }

  /** One version, or undefined. */
  async get(version: string): Promise<ModelVersion | undefined> {
    const row = await this.selectVersions().where('version', '=', version).executeTakeFirst();
    return row === undefined ? undefined : this.toModel(row);
  }

  /** The artifact bytes stored in the database for a version, or undefined when there are none. */
  async getArtifact(version: string): Promise<Uint8Array | undefined> {
    const row = await this.db
      .selectFrom('model_versions')
      .select('artifact')
      .where('version', '=', version)
      .executeTakeFirst();
    return row?.artifact == null ? undefined : this.dialect.readBytes(row.artifact);
  }

  /** Versions, newest first. */
  async list(limit?: number): Promise<ModelVersion[]> {
    let query = this.selectVersions().orderBy('created_at', 'desc').orderBy('version', 'desc');
    if (limit !== undefined) query = query.limit(limit);
    const rows = await query.execute();
    return rows.map((row) => this.toModel(row));
  }

  /** Changes a version's status; ARTIFACT_NOT_FOUND when there is no such version. */
  async setStatus(version: string, status: ModelStatus): Promise<void> {
    if (!MODEL_STATUSES.includes(status)) throw new RangeError(`unknown model status "${status}"`);
    const result = await this.db
      .updateTable('model_versions')
      .set({ status })
      .where('version', '=', version)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw notFound(version);
  }

  /** Merges `metrics` into a version's metrics (same keys replaced); ARTIFACT_NOT_FOUND when there is no such version. */
  async setMetrics(version: string, metrics: Record<string, unknown>): Promise<void> {
    await withTransaction(this.db, async (tx) => {
      const row = await tx
        .selectFrom('model_versions')
        .select('metrics')
        .where('version', '=', version)
        .executeTakeFirst();
      if (row === undefined) throw notFound(version);
      const merged = { ...this.dialect.readJson<Record<string, unknown>>(row.metrics), ...metrics };
      await tx
        .updateTable('model_versions')
        .set({ metrics: this.dialect.writeJson(merged) })
        .where('version', '=', version)
        .execute();
    });
  }

  /** The version the live pointer names, or undefined before anything is published. */
  async getLive(): Promise<ModelVersion | undefined> {
    const version = await this.liveVersion(this.db);
    return version === undefined ? undefined : this.get(version);
  }

  /**
   * Points the live pointer at `version` and marks it published, retiring the previous live version, all in
   * one transaction. Rolling back is `setLive(previous)`. Returns the version that was live before.
   */
  async setLive(version: string, now: Date = new Date()): Promise<string | undefined> {
    return withTransaction(this.db, async (tx) => {
      const target = await tx
        .selectFrom('model_versions')
        .select('status')
        .where('version', '=', version)
        .executeTakeFirst();
      if (target === undefined) throw notFound(version);
      if (target.status === 'rejected') {
        throw new CoplayError(
          'INVALID_INPUT',
          `Model ${version} was rejected by the gate and cannot go live.`,
        );
      }
      const previous = await this.liveVersion(tx);
      if (previous !== undefined && previous !== version) {
        await tx
          .updateTable('model_versions')
          .set({ status: 'retired' })
          .where('version', '=', previous)
          .execute();
      }
      await tx
        .updateTable('model_versions')
        .set({ status: 'published' })
        .where('version', '=', version)
        .execute();
      const updatedAt = this.dialect.writeDate(now);
      await tx
        .insertInto('app_state')
        .values({ key: LIVE_MODEL_KEY, value: version, updated_at: updatedAt })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: version, updated_at: updatedAt }))
        .execute();
      return previous;
    });
  }

  /**
   * Drops the artifacts (stored bytes and path) of every version beyond the `keepNewest` newest that still
   * have one, except the live one and the `keepNewest` newest that were ever live (published or retired):
   * those are what a rollback goes back to, and a row of rejected candidates must not push them out. Rows
   * and metrics stay, for history.
   */
  async pruneArtifacts(keepNewest: number): Promise<PrunedArtifact[]> {
    if (!Number.isInteger(keepNewest) || keepNewest < 0)
      throw new RangeError(`keepNewest must be >= 0, got ${keepNewest}`);
    return withTransaction(this.db, async (tx) => {
      const live = await this.liveVersion(tx);
      const withArtifacts = await tx
        .selectFrom('model_versions')
        .select(['version', 'artifact_path', 'status'])
        .where((eb) => eb.or([eb('artifact', 'is not', null), eb('artifact_path', 'is not', null)]))
        .orderBy('created_at', 'desc')
        .orderBy('version', 'desc')
        .execute();
      const rollbackTargets = new Set(
        withArtifacts
          .filter((row) => row.status === 'published' || row.status === 'retired')
          .slice(0, keepNewest)
          .map((row) => row.version),
      );
      const pruned = withArtifacts
        .slice(keepNewest)
        .filter((row) => row.version !== live && !rollbackTargets.has(row.version))
        .map((row) => ({ version: row.version, artifactPath: row.artifact_path }));
      for (const { version } of pruned) {
        await tx
          .updateTable('model_versions')
          .set({ artifact: null, artifact_path: null })
          .where('version', '=', version)
          .execute();
      }
      return pruned;
    });
  }

  private async liveVersion(db: Kysely<Database>): Promise<string | undefined> {
    const row = await db
      .selectFrom('app_state')
      .select('value')
      .where('key', '=', LIVE_MODEL_KEY)
      .executeTakeFirst();
    return row?.value;
  }

  private selectVersions() {
    return this.db
      .selectFrom('model_versions')
      .select([
        'version',
        'algorithm',
        'created_at',
        'manifest',
        'metrics',
        'checksum',
        'artifact_path',
        'status',
      ])
      .select(sql<boolean | number>`artifact is not null`.as('has_artifact'));
  }

  private toModel(row: ModelVersionRow): ModelVersion {
    const d = this.dialect;
    return {
      version: row.version,
      algorithm: row.algorithm,
      createdAt: d.readDate(row.created_at),
      manifest: d.readJson(row.manifest),
      metrics: d.readJson(row.metrics),
      checksum: row.checksum,
      hasStoredArtifact: d.readBool(row.has_artifact),
      artifactPath: row.artifact_path,
      status: row.status,
    };
  }
}

function notFound(version: string): CoplayError {
  return new CoplayError('ARTIFACT_NOT_FOUND', `No model version ${version} is registered.`, {
    details: { version },
  });
}
