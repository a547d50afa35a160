import { useState } from 'react';
import type { PipelineRun, PipelineTask } from './admin-client.ts';
import { formatDuration, formatTime } from './model-summary.ts';

function TaskRow({ task }: { task: PipelineTask }) {
  const outcome = typeof task.metrics?.outcome === 'string' ? task.metrics.outcome : null;
  const log = task.logTail ?? task.error ?? '';
  return (
    <tr data-testid="task-row">
      <th scope="row">{task.task}</th>
      <td className={`status status-${task.status}`}>{task.status}</td>
      <td>{task.attempt > 1 ? `attempt ${task.attempt}` : ''}</td>
      <td>{formatDuration(task.durationMs)}</td>
      <td>
        {task.error && <p className="field-message error">{task.error}</p>}
        {outcome && <p>{outcome}</p>}
        {log && (
          <details className="log-tail-toggle">
            <summary>Log tail</summary>
            <pre className="log-tail">{log}</pre>
          </details>
        )}
      </td>
    </tr>
  );
}

/** One run: a disclosure button (keyboard-usable) over the table of its tasks. */
function RunItem({ run }: { run: PipelineRun }) {
  const [open, setOpen] = useState(false);
  const panelId = `run-${run.id}-tasks`;
  return (
    <li data-testid="run" className="run-item">
      <button
        type="button"
        className="btn-link run-toggle"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((was) => !was)}
      >
        Run {run.id} · <span className={`status status-${run.status}`}>{run.status}</span> · {run.trigger} ·{' '}
        {formatTime(run.startedAt)}
      </button>
      <div id={panelId} className="admin-table-wrap" hidden={!open}>
        <table className="admin-table">
          <caption className="sr-only">Tasks of run {run.id}</caption>
          <thead>
            <tr>
              <th scope="col">Task</th>
              <th scope="col">Status</th>
              <th scope="col">Attempt</th>
              <th scope="col">Duration</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {run.tasks.map((task) => (
              <TaskRow key={task.task} task={task} />
            ))}
          </tbody>
        </table>
      </div>
    </li>
  );
}

/** Pipeline runs, newest first; each expands to its tasks with status, duration and log tail. */
export function RunTable({ runs }: { runs: PipelineRun[] }) {
  if (runs.length === 0) return <p className="count">No pipeline runs yet.</p>;
  return (
    <ul className="run-list" data-testid="run-list">
      {runs.map((run) => (
        <RunItem key={run.id} run={run} />
      ))}
    </ul>
  );
}
