import type { ModelVersion } from './admin-client.ts';
import { formatTime, groupNdcgSummary } from './model-summary.ts';

/** Model versions, newest first, with the live one marked and its group NDCG when it was evaluated. */
export function ModelTable({ models }: { models: ModelVersion[] }) {
  if (models.length === 0) return <p className="count">No model versions yet.</p>;
  return (
    <div className="admin-table-wrap">
      <table className="admin-table" data-testid="model-table">
        <caption className="sr-only">Model versions</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Algorithm</th>
            <th scope="col">Created</th>
            <th scope="col">Status</th>
            <th scope="col">Metrics</th>
          </tr>
        </thead>
        <tbody>
          {models.map((model) => (
            <tr key={model.version} className={model.live ? 'live' : undefined}>
              <th scope="row">
                {model.version}
                {model.live && <span className="badge live-badge">live</span>}
              </th>
              <td>{model.algorithm}</td>
              <td>{formatTime(model.createdAt)}</td>
              <td>
                {model.status}
                {!model.hasArtifact && <span className="count"> (no artifact)</span>}
              </td>
              <td>{groupNdcgSummary(model.metrics) ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
