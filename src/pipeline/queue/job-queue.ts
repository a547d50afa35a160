/**
 * Where pipeline runs execute. Embedded (InProcessPipelineQueue): inside the server process on SQLite or
 * PostgreSQL, one run at a time under the store's lock. Distributed (PgBossPipelineQueue): tasks are pg-boss
 * jobs that any number of `coplay worker` processes take, with the schedule held in PostgreSQL.
 */
export interface JobQueue {
  /** Connects and declares what the queue needs. */
  start(): Promise<void>;
  /** Starts a run on every tick of a cron expression ("off": never). */
  schedule(cron: string): Promise<void>;
  /** Asks for a run now. */
  requestRun(trigger: string): Promise<void>;
  /** Makes this process execute runs. */
  work(): Promise<void>;
  /** Stops scheduling and working; a task in progress finishes first. */
  stop(): Promise<void>;
}
