import type { Worker } from 'node:worker_threads';
import { CoplayError, isCoplayError, type ErrorCode } from '../errors.ts';
import type { GroupQuery, GroupResult } from '../group/recommend-group.ts';
import { spawnWorker } from '../model/spawn-worker.ts';
import type { ModelInfo, ServedModel } from './model-registry.ts';

/** What an engine thread needs to load model versions by itself. */
export interface EngineThreadData {
  databaseUrl: string;
  artifactDir: string;
}

/** A group query an engine thread can receive: members' libraries and a strategy by name. */
export type ThreadQuery = Omit<GroupQuery, 'strategy'> & {
  strategy?: Extract<GroupQuery['strategy'], string>;
};

/** A request that expects a reply; the sender numbers it (`id`) to match the reply. */
type Call = { type: 'load'; version: string } | { type: 'recommend'; version: string; query: ThreadQuery };

export type EngineRequest = (Call & { id: number }) | { type: 'drop'; version: string };

export interface ThreadError {
  code?: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export type EngineReply =
  | { id: number; ok: true; info?: ModelInfo; result?: GroupResult }
  | { id: number; ok: false; error: ThreadError };

interface Pending {
  resolve(reply: EngineReply & { ok: true }): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
}

/**
 * Group recommendations on worker threads, so that one server uses every core: the main thread parses,
 * validates and resolves members (I/O) and serialises answers, while each engine thread holds the served
 * model and runs recommendGroup, the same one path, on whole requests. Each thread loads a version itself
 * from the store (decode, checksum, catalog), so the main thread never holds a model and a swap never stalls
 * it; a request names the version it was admitted under, and a thread keeps that version until told to drop
 * it, which arrives after every request already sent to it (a worker's messages are handled in order).
 * A thread that dies fails its requests in flight, is replaced, and reloads the versions in use.
 */
export class EngineThreads {
  readonly #data: EngineThreadData;
  readonly #threads: Thread[] = [];
  readonly #versions = new Set<string>();
  #nextId = 0;
  #closed = false;
  /** Threads that died within a second of starting, in a row: past a few, they are not replaced. */
  #quickDeaths = 0;

  private constructor(count: number, data: EngineThreadData) {
    this.#data = data;
    for (let i = 0; i < count; i++) this.#threads.push(this.#spawn());
  }

  /** Starts `count` (≥ 1) engine threads; they load nothing until load() is called. */
  static start(count: number, data: EngineThreadData): EngineThreads {
    if (!Number.isInteger(count) || count < 1)
      throw new RangeError(`engine threads must be a positive integer, got ${count}`);
    return new EngineThreads(count, data);
  }

  get size(): number {
    return this.#threads.length;
  }

  /**
   * Loads `version` on every thread and returns it as a ServedModel whose requests run here; swapping it out
   * of a ModelRegistry drops it from the threads. Refused as a whole if any thread refuses it (e.g.
   * ARTIFACT_CORRUPT), and then dropped from the threads that did load it.
   */
  async load(version: string): Promise<ServedModel> {
    const replies = await Promise.allSettled(
      this.#threads.map((thread) => this.#send(thread, { type: 'load', version })),
    );
    const failed = replies.find((r) => r.status === 'rejected');
    if (failed) {
      if (!this.#versions.has(version)) this.#drop(version);
      throw failed.reason;
    }
    const info = (replies[0] as PromiseFulfilledResult<EngineReply & { ok: true }>).value.info;
    if (!info) throw new CoplayError('INTERNAL', `engine thread loaded ${version} but sent no model info`);
    this.#versions.add(version);
    return {
      info,
      run: (query) => this.recommend(version, query),
      release: () => {
        this.#versions.delete(version);
        this.#drop(version);
      },
    };
  }

  /** Runs recommendGroup for `version` on the least busy thread. */
  async recommend(version: string, query: GroupQuery): Promise<GroupResult> {
    if (typeof query.strategy === 'object')
      throw new RangeError('engine threads take a strategy by name, not a custom strategy object');
    let best = this.#threads[0] as Thread;
    for (const thread of this.#threads) if (thread.pending.size < best.pending.size) best = thread;
    const reply = await this.#send(best, { type: 'recommend', version, query: query as ThreadQuery });
    if (!reply.result) throw new CoplayError('INTERNAL', 'engine thread answered without a result');
    return reply.result;
  }

  /** Stops every thread; requests still in flight fail. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#threads.map((thread) => thread.worker.terminate()));
  }

  #drop(version: string): void {
    for (const thread of this.#threads)
      thread.worker.postMessage({ type: 'drop', version } satisfies EngineRequest);
  }

  #send(thread: Thread, request: Call): Promise<EngineReply & { ok: true }> {
    const id = ++this.#nextId;
    return new Promise((resolve, reject) => {
      if (this.#closed) {
        reject(new CoplayError('MODEL_NOT_READY', 'the server is shutting down'));
        return;
      }
      thread.pending.set(id, { resolve, reject });
      thread.worker.postMessage({ ...request, id } satisfies EngineRequest);
    });
  }

  #spawn(): Thread {
    const started = Date.now();
    const worker = spawnWorker(new URL('./engine-thread.ts', import.meta.url), this.#data);
    const thread: Thread = { worker, pending: new Map() };
    worker.on('message', (reply: EngineReply) => {
      const waiting = thread.pending.get(reply.id);
      if (!waiting) return;
      thread.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply);
      else waiting.reject(toError(reply.error));
    });
    // A thread that dies (a crash, or out of memory) fails what it had, and is replaced with one that
    // reloads the versions being served, so the server keeps answering with the threads it has meanwhile.
    const fail = (error: Error): void => {
      for (const waiting of thread.pending.values()) waiting.reject(error);
      thread.pending.clear();
    };
    worker.on('error', (error) =>
      fail(new CoplayError('INTERNAL', 'an engine thread failed', { cause: error })),
    );
    worker.on('exit', () => {
      fail(new CoplayError('INTERNAL', 'an engine thread stopped'));
      if (this.#closed) return;
      // A thread that cannot even start (a broken install) would be replaced forever: stop after a few.
      this.#quickDeaths = Date.now() - started < 1000 ? this.#quickDeaths + 1 : 0;
      if (this.#quickDeaths > 3) return;
      const index = this.#threads.indexOf(thread);
      if (index < 0) return;
      const replacement = this.#spawn();
      this.#threads[index] = replacement;
      for (const version of this.#versions)
        this.#send(replacement, { type: 'load', version }).catch(() => {
          // Requests for a version the replacement could not reload fail with its error on that thread.
        });
    });

    return thread;
  }
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
