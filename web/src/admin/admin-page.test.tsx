import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeAdminClient, fakeRun } from '../test-support/fake-admin-client.ts';
import { ADMIN_TOKEN_KEY, AdminPage } from './admin-page.tsx';

function seeded(): FakeAdminClient {
  const client = new FakeAdminClient('s3cret');
  client.modelVersions = [
    {
      version: 'v2',
      algorithm: 'ease',
      createdAt: '2026-11-22T04:05:00.000Z',
      status: 'published',
      live: true,
      hasArtifact: true,
      metrics: { pipelineEvaluation: { k: 10, meanNdcg: 0.41234, worstNdcg: 0.2 } },
    },
    {
      version: 'v1',
      algorithm: 'ials',
      createdAt: '2026-11-21T04:05:00.000Z',
      status: 'retired',
      live: false,
      hasArtifact: false,
      metrics: {},
    },
  ];
  client.runList = [fakeRun(1, 'succeeded')];
  return client;
}

describe('AdminPage', () => {
  beforeEach(() => sessionStorage.clear());

  it('lists models and runs once the token is entered, and starts a run (queued, then busy)', async () => {
    const client = seeded();
    const user = userEvent.setup();
    render(<AdminPage client={client} />);
    expect(screen.queryByRole('table')).not.toBeInTheDocument();

    await user.type(screen.getByLabelText('ADMIN_TOKEN of the server'), 's3cret{Enter}');
    const models = await screen.findByTestId('model-table');
    expect(sessionStorage.getItem(ADMIN_TOKEN_KEY)).toBe('s3cret');
    const rows = within(models).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['v2live', 'v1']);
    expect(rows[0]).toHaveTextContent('group NDCG@10 mean 0.4123 / worst 0.2000');
    expect(rows[1]).toHaveTextContent('(no artifact)');

    // A run expands with the keyboard to its tasks and their log tails.
    const run = screen.getByTestId('run');
    const toggle = within(run).getByRole('button', { name: /Run 1 · succeeded · schedule/ });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(within(run).queryByRole('table')).not.toBeInTheDocument();
    toggle.focus();
    await user.keyboard('{Enter}');
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const tasks = within(run).getAllByTestId('task-row');
    expect(tasks.map((t) => within(t).getByRole('rowheader').textContent)).toEqual([
      'ingest',
      'validate',
      'train',
      'evaluate',
      'gate',
      'publish',
    ]);
    expect(tasks[0]).toHaveTextContent('1.0 s');
    expect(tasks[0]).toHaveTextContent('ingest of run 1: ok');

    await user.click(screen.getByRole('button', { name: 'Start a run' }));
    await waitFor(() =>
      expect(screen.getByTestId('start-status')).toHaveTextContent('Run queued: run 2 requested'),
    );
    await waitFor(() => expect(screen.getAllByTestId('run')).toHaveLength(2));
    expect(screen.getAllByTestId('run')[0]).toHaveTextContent(/Run 2 · running · admin/);
    expect(client.calls.filter((c) => c.operation === 'startRun')).toEqual([
      { operation: 'startRun', token: 's3cret' },
    ]);

    await user.click(screen.getByRole('button', { name: 'Start a run' }));
    await waitFor(() =>
      expect(screen.getByTestId('start-status')).toHaveTextContent('A run is already going: pipeline run 2'),
    );
    expect(client.runList).toHaveLength(2);
  });

  it('says "wrong admin token" on a 401 and shows nothing, then recovers with the right one', async () => {
    const client = seeded();
    const user = userEvent.setup();
    render(<AdminPage client={client} />);
    const input = screen.getByLabelText('ADMIN_TOKEN of the server');
    await user.type(input, 'guess{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent(/wrong admin token/i);
    expect(screen.queryByTestId('model-table')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Start a run' })).not.toBeInTheDocument();

    await user.clear(input);
    await user.type(input, 's3cret{Enter}');
    await screen.findByTestId('model-table');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('uses the token kept in sessionStorage on load, sent with every call', async () => {
    sessionStorage.setItem(ADMIN_TOKEN_KEY, 's3cret');
    const client = seeded();
    render(<AdminPage client={client} />);
    await screen.findByTestId('model-table');
    expect(screen.getByLabelText('ADMIN_TOKEN of the server')).toHaveValue('s3cret');
    expect(client.calls.map((c) => c.token)).toEqual(['s3cret', 's3cret']);
  });
});
