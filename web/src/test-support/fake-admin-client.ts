import {
  ModelListResponseSchema,
  PipelineRunListResponseSchema,
  StartRunResponseSchema,
  type ModelVersion,
  type PipelineRun,
} from '../../../src/contract/admin.ts';
import type {
  AdminClient,
  ModelListResponse,
  PipelineRunListResponse,
  StartRunResponse,
} from '../admin/admin-client.ts';
import { ApiError } from '../api/api-error.ts';

const TASKS = ['ingest', 'validate', 'train', 'evaluate', 'gate', 'publish'];

/**
 * An in-memory admin server for component tests: refuses any token but its own with the server's 401,
 * answers 409 while a run is going, and answers contract-valid bodies. `calls` records every request.
 */
export class FakeAdminClient implements AdminClient {
  modelVersions: ModelVersion[] = [];
  runList: PipelineRun[] = [];
  readonly calls: { operation: string; token: string }[] = [];

  constructor(private readonly token: string) {}

  private check(operation: string, token: string): void {
    this.calls.push({ operation, token });
    if (token !== this.token)
      throw new ApiError(
        401,
        'UNAUTHORIZED',
        'send the admin token as "Authorization: Bearer <ADMIN_TOKEN>"',
      );
  }

  async models(token: string): Promise<ModelListResponse> {
    this.check('models', token);
    const live = this.modelVersions.find((m) => m.live)?.version ?? null;
    return ModelListResponseSchema.parse({ live, models: this.modelVersions });
  }

  async pipelineRuns(token: string): Promise<PipelineRunListResponse> {
    this.check('pipelineRuns', token);
    return PipelineRunListResponseSchema.parse({ runs: [...this.runList].sort((a, b) => b.id - a.id) });
  }

  async startRun(token: string): Promise<StartRunResponse> {
    this.check('startRun', token);
    const going = this.runList.find((r) => r.status === 'running');
    if (going) throw new ApiError(409, 'PIPELINE_BUSY', `pipeline run ${going.id} is still going`);
    const id = Math.max(0, ...this.runList.map((r) => r.id)) + 1;
    this.runList.push(fakeRun(id, 'running', 'admin'));
    return StartRunResponseSchema.parse({ queued: true, runId: id, message: `run ${id} requested` });
  }
}

/** A run whose tasks all have the run's status (pending when it is running), one second each. */
export function fakeRun(id: number, status: string, trigger = 'schedule'): PipelineRun {
  const startedAt = new Date(Date.UTC(2026, 10, 20 + id, 4)).toISOString();
  const finished = status !== 'running';
  return {
    id,
    status,
    trigger,
    snapshotId: finished ? `snap-${id}` : null,
    startedAt,
    finishedAt: finished ? startedAt : null,
    tasks: TASKS.map((task) => ({
      task,
      status: finished ? status : 'pending',
      attempt: finished ? 1 : 0,
      startedAt: finished ? startedAt : null,
      finishedAt: finished ? startedAt : null,
      durationMs: finished ? 1000 : null,
      logTail: finished ? `${task} of run ${id}: ok` : null,
      metrics: finished ? { outcome: `${task} done` } : null,
      error: null,
    })),
  };
}
