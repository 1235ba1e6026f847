import { api, ApiError } from '../api.js';
import { card, el, empty, figure } from '../dom.js';
import { chartFigure, color } from '../charts.js';
import { age, count, dateTime, number, percent } from '../format.js';

const optional = (promise) => promise.catch((error) => (error instanceof ApiError && (error.status === 404 || error.status === 503) ? null : Promise.reject(error)));

export async function render(main, _args, scope) {
  const [health, current, segments, runs, deadLetters] = await Promise.all([
    api.health(), optional(api.currentModel()), optional(api.segments()), api.runs(5), api.deadLetters(24),
  ]);
  if (scope.closed) return;
  main.append(el('h1', { text: 'Overview' }));

  const model = current?.model;
  const lastRun = runs.runs[0];
  const churn = segments?.churn;
  main.append(el('div', { class: 'figures' },
    figure('Serving model', health.modelVersion ?? 'none', model ? `promoted ${age(model.promotedAt)} ago` : 'no model published yet'),
    figure('Customers scored', count(segments?.customersScored), segments ? `as of ${dateTime(segments.asOf)}` : ''),
    figure('Churn model', grade(churn), baseline(churn)),
    figure('Last retrain', lastRun ? lastRun.runtimeStatus : 'none', lastRun ? `${dateTime(lastRun.createdTime)}${outcome(lastRun)}` : 'start one under Retraining'),
    figure('Dead letters, last 24 h', count(deadLetters.total), Object.entries(deadLetters.byReason).map(([r, n]) => `${r}: ${n}`).join(', ') || 'none'),
  ));

  if (!segments) {
    main.append(empty('No model has been published yet, so there are no segments to show.',
      'Run `segment demo` (or feed events and run `segment retrain`), or start a run under Retraining.'));
    return;
  }

  const table = el('table', { class: 'data', id: 'segments-table' },
    el('caption', { text: `Segments of model ${segments.modelVersion}` }),
    el('thead', {}, el('tr', {}, ['Segment', 'Suggested action', 'Customers', 'Share of customers', 'Share of revenue'].map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, segments.segments.map((s) => el('tr', { 'data-segment-id': s.id },
      el('th', { scope: 'row' }, el('a', { href: `#/segment/${s.id}`, text: s.name })),
      el('td', { text: s.action }),
      el('td', { class: 'num', text: count(s.size) }),
      el('td', { class: 'num', text: percent(s.customerShare) }),
      el('td', { class: 'num', text: percent(s.revenueShare) })))));

  main.append(card('Segments', chartFigure('Share of customers and of revenue by segment (%)', {
    type: 'bar',
    data: {
      labels: segments.segments.map((s) => s.name),
      datasets: [
        { label: 'Customers (%)', data: segments.segments.map((s) => s.customerShare * 100), backgroundColor: color(0) },
        { label: 'Revenue (%)', data: segments.segments.map((s) => s.revenueShare * 100), backgroundColor: color(1) },
      ],
    },
    options: { scales: { y: { title: { display: true, text: '% of total' }, beginAtZero: true } } },
  }, scope.charts), table));
}

function grade(churn) {
  if (!churn) return '–';
  if (!churn.grade) return 'BG/NBD fallback';
  return `grade ${churn.grade} · AUC ${number(churn.rocAuc, 3)}`;
}

function baseline(churn) {
  if (!churn) return 'no model published yet';
  if (!churn.grade) return `no classifier: ${churn.notTrainedReason ?? 'churn is scored from BG/NBD'}. Retrain once the history covers the churn horizon.`;
  return `recency rule AUC ${number(churn.baselineRocAuc, 3)} · top-decile lift ${number(churn.topDecileLift, 1)}×`;
}

function outcome(run) {
  if (run.failure) return ` · failed in ${run.failure.step}`;
  return run.output?.outcome ? ` · ${run.output.outcome}` : '';
}
