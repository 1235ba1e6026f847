import { api } from '../api.js';
import { card, el, empty, field } from '../dom.js';
import { dateTime, percent } from '../format.js';

const steps = ['snapshot', 'readiness', 'fit', 'assemble', 'evaluate', 'publish', 'batch-score', 'done'];

export async function render(main, args, scope) {
  main.append(el('h1', { text: 'Retraining' }));
  const [runs, segments] = await Promise.all([api.runs(10), api.segments().catch(() => null)]);
  if (scope.closed) return;

  const asOf = el('input', { id: 'retrain-as-of', type: 'datetime-local', step: 1, value: segments ? toLocalInput(segments.asOf) : '' });
  const force = el('input', { id: 'retrain-force', type: 'checkbox' });
  const start = el('button', { type: 'submit', id: 'start-retrain', text: 'Start a run' });
  const form = el('form', { class: 'filters', 'aria-label': 'Start a retraining run' },
    field('As of (event time)', asOf, 'empty: now; the serving model\'s as-of time is filled in'),
    el('div', { class: 'field checkbox' }, force, el('label', { for: 'retrain-force', text: 'Promote even when it cannot be compared with the serving model' })),
    start);
  const live = el('div', { id: 'run-live', 'aria-live': 'polite' });
  main.append(card('Start', form, live));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    start.disabled = true;
    try {
      const request = { force: force.checked };
      if (asOf.value) request.asOf = new Date(asOf.value).toISOString();
      const started = await api.startRetrain(request);
      location.hash = `#/retrain/${encodeURIComponent(started.id)}`;
    } catch (error) {
      live.replaceChildren(el('p', { class: 'problem', role: 'alert', text: `Could not start: ${error.message}` }));
      start.disabled = false;
    }
  });

  const recent = el('div', { id: 'recent-runs' }, runsTable(runs.runs));
  main.append(card('Recent runs', recent));

  const runId = args[0] ?? runs.runs.find((r) => r.runtimeStatus === 'Running' || r.runtimeStatus === 'Pending')?.id;
  if (runId) {
    await follow(runId, live, start, scope, async () => {
      const latest = await api.runs(10);
      if (!scope.closed) recent.replaceChildren(runsTable(latest.runs));
    });
  }
}

function runsTable(runs) {
  return runs.length === 0
    ? empty('No run yet.', 'Start one above; the schedule also starts one daily.')
    : el('table', { class: 'data', id: 'runs-table' },
      el('thead', {}, el('tr', {}, ['Run', 'Started', 'Status', 'Outcome'].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, runs.map((r) => el('tr', {},
        el('th', { scope: 'row' }, el('a', { href: `#/retrain/${encodeURIComponent(r.id)}`, text: r.id })),
        el('td', { text: dateTime(r.createdTime) }),
        el('td', { text: r.runtimeStatus }),
        el('td', { text: outcome(r) })))));
}

async function follow(runId, live, start, scope, ended) {
  let stopped = false;
  const draw = (status) => {
    const step = status.customStatus?.step ?? (status.runtimeStatus === 'Pending' ? 'waiting to start' : '–');
    const progress = status.runtimeStatus === 'Completed' ? 1 : status.customStatus?.progress ?? 0;
    live.replaceChildren(...[
      el('h3', { text: `Run ${status.id}` }),
      el('p', {}, 'Status: ', el('strong', { id: 'run-status', text: status.runtimeStatus }), ` · step: ${step}`),
      el('label', { for: 'run-progress', text: `Progress ${percent(progress, 0)}` }),
      el('progress', { id: 'run-progress', max: 1, value: progress }),
      el('ol', { class: 'steps' }, steps.map((s) => el('li', { class: stepClass(s, step, status), text: s }))),
      status.failure ? el('p', { class: 'problem', role: 'alert', id: 'run-failure', text: `Failed in step ${status.failure.step}: ${status.failure.message} (${status.failure.errorType})` }) : null,
      status.output ? el('p', { id: 'run-outcome', text: `${status.output.outcome}: ${status.output.reason}` }) : null,
    ].filter(Boolean));
  };
  const poll = async () => {
    if (stopped || scope.closed) return;
    try {
      const status = await api.retrainStatus(runId);
      if (scope.closed) return;
      draw(status);
      const terminal = status.runtimeStatus === 'Completed' || status.runtimeStatus === 'Failed';
      start.disabled = !terminal;
      if (terminal) { stopped = true; await ended(); return; }
    } catch (error) {
      live.replaceChildren(el('p', { class: 'problem', role: 'alert', text: `Could not read the run: ${error.message}` }));
      stopped = true;
      return;
    }
    scope.later(1000, poll);
  };
  await poll();
}

function stepClass(name, current, status) {
  if (status.runtimeStatus === 'Completed') return 'done';
  // The failure names the activity that failed; the step the run last reported is where it stopped.
  if (status.runtimeStatus === 'Failed' && name === current) return 'failed';
  const at = steps.indexOf(current);
  const index = steps.indexOf(name);
  if (at < 0) return '';
  return index < at ? 'done' : index === at ? 'current' : '';
}

function outcome(run) {
  if (run.failure) return `failed in ${run.failure.step}: ${run.failure.message}`;
  if (run.output) return `${run.output.outcome} (${run.output.modelVersion})`;
  return '–';
}

function toLocalInput(iso) {
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
