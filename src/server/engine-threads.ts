import type { Worker } from 'node:worker_threads';
import { CoplayError, isCoplayError, type ErrorCode } from '../errors.ts';
import type { StrategyName } from '../group/aggregation-strategy.ts';
import type { Ownership } from '../group/group-filters.ts';
import type { RankedGroup } from '../group/rank-group.ts';
import { prepareGroup, presentGroup, type GroupQuery, type GroupResult } from '../group/recommend-group.ts';
import type { VersionParts } from '../pipeline/load-model.ts';
import { spawnWorker } from '../model/spawn-worker.ts';
import type { ModelParts, SparseRow } from '../model/recommender.ts';
import type { ServedModel } from './model-registry.ts';

/** How many passing-position arrays an engine thread keeps (a few filter sets cover most requests). */
export const PASSING_KEPT = 64;

/** A ranking request as an engine thread receives it: numbers only (rankGroup's query, strategy by name). */
export interface RankRequest {
  version: string;
  rows: SparseRow[];
  /** Which pool positions pass the filters: sent once per thread, then named by id. */
  passingId: number;
  passing?: Int32Array;
  ownership: Ownership;
  strategy: StrategyName;
  limit: number;
  explain: boolean;
}

/** A request that expects a reply; the sender numbers it (`id`) to match the reply. */
type Call =
  { type: 'load'; version: string; parts: ModelParts; pool: Int32Array } | ({ type: 'rank' } & RankRequest);

export type EngineRequest = (Call & { id: number }) | { type: 'drop'; version: string };

export interface ThreadError {
  code?: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** How EngineThreads starts its threads; for tests and logging. */
export interface EngineThreadsOptions {
  /** The module each thread runs (default ./engine-thread.ts); tests give one that dies. */
  entry?: URL;
  /** Told when a thread stops unasked, and whether it was replaced (it is not after a few quick deaths). */
  onThreadExit?: (event: { exitCode: number; replaced: boolean; running: number }) => void;
}

export type EngineReply =
  { id: number; ok: true; ranked?: RankedGroup } | { id: number; ok: false; error: ThreadError };

interface Pending {
  resolve(reply: EngineReply & { ok: true }): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  /** Set once the worker has exited: a message posted to it then would never be answered. */
  exited: boolean;
  /** The versions this thread has built (a replacement builds them again, meanwhile it takes none of them). */
  holds: Set<string>;
  pending: Map<number, Pending>;
  /** The passing-position arrays this thread holds, mirroring its cache (the same bound, cleared alike). */
  sent: Map<Int32Array, number>;
}

/**
 * Group recommendations on worker threads, so that one server uses every core. The main thread loads each
 * version (artifact and catalog), turns a request into model rows and filtered pool positions
 * (prepareGroup), and presents the answer (presentGroup); each engine thread holds only the numeric model,
 * rebuilt from the parts the main thread sends it, and runs rankGroup, the numeric half of the one path. A
 * thread so holds no catalog, no store and no text: a few tens of MB. A request names the version it was
 * admitted under, and a thread keeps that version until told to drop it, which arrives after every request
 * already sent to it (a worker's messages are handled in order). A thread that dies fails its requests in
 * flight, is replaced, and gets the versions in use again, taking requests for each once it holds it. Threads
 * that keep dying as they start are given up; with none left, requests fail at once (INTERNAL).
 */
export class EngineThreads {
  readonly #loadVersion: (version: string) => Promise<VersionParts>;
  readonly #options: EngineThreadsOptions;
  readonly #threads: Thread[] = [];
  /** Versions being served, with what the main thread keeps of them (catalog and confidence, no model). */
  readonly #versions = new Map<string, Pick<VersionParts, 'catalog' | 'confidence'>>();
  readonly #passingIds = new WeakMap<Int32Array, number>();
  #nextPassingId = 0;
  #nextId = 0;
  #closed = false;
  /** Threads that died within a second of starting, in a row: past a few, they are not replaced. */
  #quickDeaths = 0;

  private constructor(
    count: number,
    loadVersion: (version: string) => Promise<VersionParts>,
    options: EngineThreadsOptions,
  ) {
    this.#loadVersion = loadVersion;
    this.#options = options;
    for (let i = 0; i < count; i++) this.#threads.push(this.#spawn());
  }

  /**
   * Starts `count` (≥ 1) engine threads; they hold nothing until load() is called. `loadVersion` reads a
   * version on the main thread (loadVersionParts), which checks its artifact; the threads build the model.
   */
  static start(
    count: number,
    loadVersion: (version: string) => Promise<VersionParts>,
    options: EngineThreadsOptions = {},
  ): EngineThreads {
    if (!Number.isInteger(count) || count < 1)
      throw new RangeError(`engine threads must be a positive integer, got ${count}`);
    return new EngineThreads(count, loadVersion, options);
  }

  get size(): number {
    return this.#threads.length;
  }

  /**
   * Loads `version` (refused as loadVersion refuses it, e.g. ARTIFACT_CORRUPT) and hands its model to every
   * thread; returns it as a ServedModel whose requests run here. Swapping it out of a ModelRegistry drops
   * it from the threads. Refused as a whole if any thread refuses it, and then dropped from the others.
   */
  async load(version: string): Promise<ServedModel> {
    const { catalog, confidence, info } = await this.#loadOnThreads(version);
    this.#versions.set(version, { catalog, confidence });
    return {
      info,
      run: (query) => this.recommend(version, query),
      release: () => {
        this.#versions.delete(version);
        this.#drop(version);
      },
    };
  }

  // Reads the version and has every thread build its model. A method of its own so that no closure the
  // server keeps (load's `run`) shares a scope with the parts: they would stay alive (~13 MB) as long as it.
  async #loadOnThreads(version: string): Promise<Omit<VersionParts, 'parts'>> {
    const { parts, ...rest } = await this.#loadVersion(version);
    if (this.#threads.length === 0) throw noThreads();
    const load = loadCall(version, parts, rest.catalog.multiplayerColumns);
    const replies = await Promise.allSettled(
      this.#threads.map((thread) => this.#send(thread, load).then(() => thread.holds.add(version))),
    );
    const failed = replies.find((r) => r.status === 'rejected');
    if (failed) {
      if (!this.#versions.has(version)) this.#drop(version);
      throw failed.reason;
    }
    return rest;
  }

  /** recommendGroup for `version`, its ranking on the least busy thread that holds it. */
  async recommend(version: string, query: GroupQuery): Promise<GroupResult> {
    if (typeof query.strategy === 'object')
      throw new RangeError('engine threads take a strategy by name, not a custom strategy object');
    const held = this.#versions.get(version);
    if (!held)
      throw new CoplayError('MODEL_NOT_READY', `model ${version} is not loaded on the engine threads`);
    const { rows, rank } = prepareGroup(held.catalog, held.confidence, query);
    let best: Thread | undefined;
    for (const thread of this.#threads)
      if (thread.holds.has(version) && (!best || thread.pending.size < best.pending.size)) best = thread;
    if (best === undefined) {
      if (this.#threads.length === 0) throw noThreads();
      throw new CoplayError(
        'MODEL_NOT_READY',
        `model ${version} is being loaded again on engine threads that replace stopped ones; retry shortly`,
      );
    }
    let passingId = this.#passingIds.get(rank.passing);
    if (passingId === undefined) this.#passingIds.set(rank.passing, (passingId = ++this.#nextPassingId));
    const fresh = !best.sent.has(rank.passing);
    if (fresh) {
      // The thread clears its cache at the same message, so both sides agree on what it holds.
      if (best.sent.size >= PASSING_KEPT) best.sent.clear();
      best.sent.set(rank.passing, passingId);
    }
    const reply = await this.#send(best, {
      type: 'rank',
      version,
      rows,
      passingId,
      ...(fresh ? { passing: rank.passing } : {}),
      ownership: rank.ownership,
      strategy: rank.strategy.name,
      limit: rank.limit,
      explain: rank.explain,
    });
    if (!reply.ranked) throw new CoplayError('INTERNAL', 'engine thread answered without a ranking');
    return presentGroup(held.catalog, query, rows, reply.ranked);
  }

  /** Stops every thread; requests still in flight fail. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#threads.map((thread) => thread.worker.terminate()));
  }

  #drop(version: string): void {
    for (const thread of this.#threads) this.#dropFrom(thread, version);
  }

  #dropFrom(thread: Thread, version: string): void {
    thread.holds.delete(version);
    thread.worker.postMessage({ type: 'drop', version } satisfies EngineRequest);
  }

  #send(thread: Thread, request: Call): Promise<EngineReply & { ok: true }> {
    const id = ++this.#nextId;
    return new Promise((resolve, reject) => {
      if (this.#closed) {
        reject(new CoplayError('MODEL_NOT_READY', 'the server is shutting down'));
        return;
      }
      if (thread.exited) {
        reject(new CoplayError('INTERNAL', 'an engine thread stopped'));
        return;
      }
      thread.pending.set(id, { resolve, reject });
      thread.worker.postMessage({ ...request, id } satisfies EngineRequest);
    });
  }

  #spawn(): Thread {
    const started = Date.now();
    const worker = spawnWorker(
      this.#options.entry ?? new URL('./engine-thread.ts', import.meta.url),
      undefined,
    );
    const thread: Thread = { worker, exited: false, holds: new Set(), pending: new Map(), sent: new Map() };
    worker.on('message', (reply: EngineReply) => {
      const waiting = thread.pending.get(reply.id);
      if (!waiting) return;
      thread.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply);
      else waiting.reject(toError(reply.error));
    });
    // A thread that dies (a crash, or out of memory) fails what it had, and is replaced with one that gets
    // the versions being served, so the server keeps answering with the threads it has meanwhile.
    const fail = (error: Error): void => {
      for (const waiting of thread.pending.values()) waiting.reject(error);
      thread.pending.clear();
    };
    worker.on('error', (error) =>
      fail(new CoplayError('INTERNAL', 'an engine thread failed', { cause: error })),
    );
    worker.on('exit', (exitCode) => {
      thread.exited = true;
      fail(new CoplayError('INTERNAL', 'an engine thread stopped'));
      if (this.#closed) return;
      const index = this.#threads.indexOf(thread);
      if (index < 0) return;
      // A thread that cannot even start (a broken install) would be replaced forever: stop after a few, and
      // take it out, so requests go to the threads left, or fail at once when none is (never wait on it).
      this.#quickDeaths = Date.now() - started < 1000 ? this.#quickDeaths + 1 : 0;
      const replaced = this.#quickDeaths <= 3;
      if (replaced) this.#threads[index] = this.#spawn();
      else this.#threads.splice(index, 1);
      this.#options.onThreadExit?.({ exitCode, replaced, running: this.#threads.length });
      if (!replaced) return;
      const replacement = this.#threads[index] as Thread;
      for (const version of this.#versions.keys()) {
        this.#loadVersion(version)
          .then(({ parts, catalog }) =>
            this.#send(replacement, loadCall(version, parts, catalog.multiplayerColumns)),
          )
          .then(() => {
            // Swapped out while it loaded: the drop went to the threads before this one held it.
            if (this.#versions.has(version)) replacement.holds.add(version);
            else this.#dropFrom(replacement, version);
          })
          .catch(() => {
            // The replacement takes no request for a version it could not get; the other threads do.
          });
      }
    });
    return thread;
  }
}

/**
 * The message that hands a thread a version. Each block is copied into a buffer of its own: the parts are
 * views into the artifact's bytes, and posting a view copies its whole buffer, once per block.
 */
function loadCall(version: string, parts: ModelParts, pool: Int32Array): Call {
  const blocks = Object.fromEntries(
    Object.entries(parts.blocks).map(([name, block]) => [name, block.slice()]),
  );
  return { type: 'load', version, parts: { ...parts, blocks }, pool };
}

function noThreads(): CoplayError {
  return new CoplayError(
    'INTERNAL',
    'no engine thread is running: they stopped as they started; the server log says why (ENGINE_THREADS=0 serves without them)',
  );
}

function toError(error: ThreadError): Error {
  if (error.code)
    return new CoplayError(error.code, error.message, error.details ? { details: error.details } : {});
  return new Error(error.message);
}

/** An error as a thread sends it: coded errors keep their code, message and details. */
export function toThreadError(error: unknown): ThreadError {
  if (isCoplayError(error))
    return { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
  return { message: error instanceof Error ? error.message : String(error) };
}
