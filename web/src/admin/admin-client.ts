import type {
  ModelListResponse,
  PipelineRunListResponse,
  StartRunResponse,
} from '../../../src/contract/admin.ts';

export type { ModelListResponse, PipelineRunListResponse, StartRunResponse };
export type { ModelVersion, PipelineRun, PipelineTask } from '../../../src/contract/admin.ts';

/** What the admin page asks of the server; every call carries the admin token as a Bearer header. */
export interface AdminClient {
  models(token: string): Promise<ModelListResponse>;
  pipelineRuns(token: string): Promise<PipelineRunListResponse>;
  startRun(token: string): Promise<StartRunResponse>;
}
