import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AdminClient, ModelListResponse, PipelineRun } from './admin-client.ts';
import { describeAdminError } from './describe-admin-error.ts';
import { createHttpAdminClient } from './http-admin-client.ts';
import { ModelTable } from './model-table.tsx';
import { RunTable } from './run-table.tsx';

/** The sessionStorage key of the admin token: kept for the tab's life, never in the URL or localStorage. */
export const ADMIN_TOKEN_KEY = 'coplay.adminToken';

type Loaded = { models: ModelListResponse; runs: PipelineRun[] };
type StartState = { kind: 'idle' } | { kind: 'starting' } | { kind: 'done' | 'error'; text: string };

/** /admin: model versions, pipeline runs and a button to start a run, behind the server's ADMIN_TOKEN. */
export function AdminPage({ client = createHttpAdminClient() }: { client?: AdminClient }) {
  const [draft, setDraft] = useState(() => sessionStorage.getItem(ADMIN_TOKEN_KEY) ?? '');
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(ADMIN_TOKEN_KEY));
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [start, setStart] = useState<StartState>({ kind: 'idle' });

  const load = useCallback(
    async (current: string) => {
      setLoading(true);
      try {
        const [models, runs] = await Promise.all([client.models(current), client.pipelineRuns(current)]);
        setData({ models, runs: runs.runs });
        setError(null);
      } catch (caught) {
        setData(null);
        setError(describeAdminError(caught));
      } finally {
        setLoading(false);
      }
    },
    [client],
  );

  useEffect(() => {
    if (token !== null) void load(token);
  }, [token, load]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = draft.trim();
    if (value === '') return;
    sessionStorage.setItem(ADMIN_TOKEN_KEY, value);
    setStart({ kind: 'idle' });
    if (value === token) void load(value);
    else setToken(value);
  };

  const startRun = async () => {
    if (token === null) return;
    setStart({ kind: 'starting' });
    try {
      const answer = await client.startRun(token);
      setStart({ kind: 'done', text: `Run queued: ${answer.message}.` });
      await load(token);
    } catch (caught) {
      setStart({ kind: 'error', text: describeAdminError(caught) });
    }
  };

  return (
    <div className="app admin">
      <header className="site-head">
        <div className="brand">
          <span className="logo" aria-hidden="true" />
          <span className="brand-name">Coplay admin</span>
        </div>
        <p className="tagline">Model versions and retraining runs</p>
      </header>
      <main className="admin-layout">
        <section className="panel" aria-labelledby="admin-token-title">
          <h2 id="admin-token-title">Admin token</h2>
          <form className="admin-token-form" onSubmit={submit}>
            <label htmlFor="admin-token">ADMIN_TOKEN of the server</label>
            <input
              id="admin-token"
              type="password"
              autoComplete="current-password"
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
            />
            <button type="submit" className="btn btn-primary" disabled={draft.trim() === '' || loading}>
              {loading ? 'Loading…' : 'Show'}
            </button>
          </form>
          {error && (
            <p className="notice error" role="alert" data-testid="admin-error">
              {error}
            </p>
          )}
        </section>
        {data && (
          <>
            <section className="panel" aria-labelledby="admin-runs-title">
              <div className="panel-head">
                <h2 id="admin-runs-title">Pipeline runs</h2>
                <div className="admin-actions">
                  <button
                    type="button"
                    className="btn"
                    onClick={() => token !== null && void load(token)}
                    disabled={loading}
                  >
                    Refresh
                  </button>
                  <button
                    type="button"
                    className="btn btn-primary"
                    onClick={() => void startRun()}
                    disabled={start.kind === 'starting'}
                  >
                    {start.kind === 'starting' ? 'Starting…' : 'Start a run'}
                  </button>
                </div>
              </div>
              <p
                className={`field-message${start.kind === 'error' ? ' error' : ''}`}
                role="status"
                data-testid="start-status"
              >
                {start.kind === 'done' || start.kind === 'error' ? start.text : ''}
              </p>
              <RunTable runs={data.runs} />
            </section>
            <section className="panel" aria-labelledby="admin-models-title">
              <div className="panel-head">
                <h2 id="admin-models-title">Model versions</h2>
                <span className="count">live: {data.models.live ?? 'none'}</span>
              </div>
              <ModelTable models={data.models.models} />
            </section>
          </>
        )}
      </main>
    </div>
  );
}
