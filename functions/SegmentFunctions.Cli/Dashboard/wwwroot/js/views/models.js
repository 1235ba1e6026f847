import { api, ApiError } from '../api.js';
import { card, confirmAction, el, empty } from '../dom.js';
import { chartFigure, color } from '../charts.js';
import { dateTime, number } from '../format.js';

export async function render(main, _args, scope) {
  main.append(el('h1', { text: 'Models' }));
  const list = await api.models();
  if (scope.closed) return;
  if (list.versions.length === 0) {
    main.append(empty('No model has been published yet.', 'Run `segment demo` or start a run under Retraining.'));
    return;
  }
  const status = el('p', { role: 'status', id: 'models-status' });
  const oldestFirst = [...list.versions].reverse();
  main.append(card('Churn AUC by version', chartFigure('Churn ROC AUC of each published version (champion on the same holdout for comparison)', {
    type: 'line',
    data: {
      labels: oldestFirst.map((v) => v.version),
      datasets: [
        { label: 'AUC of the version', data: oldestFirst.map((v) => v.metrics.challengerAuc ?? null), borderColor: color(0), backgroundColor: color(0) },
        { label: 'AUC of the model it replaced', data: oldestFirst.map((v) => v.metrics.championAuc ?? null), borderColor: color(1), backgroundColor: color(1) },
      ],
    },
    options: { scales: { y: { title: { display: true, text: 'ROC AUC (0.5 = chance)' }, suggestedMin: 0.5, suggestedMax: 1 } } },
  }, scope.charts)));

  const table = el('table', { class: 'data', id: 'models-table' },
    el('caption', { text: 'Published versions, newest first' }),
    el('thead', {}, el('tr', {}, ['Version', 'Published', 'Segments', 'Customers', 'Churn AUC', 'Decision and reason', ''].map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, list.versions.map((v) => el('tr', { 'data-version': v.version, class: v.serving ? 'serving' : '' },
      el('th', { scope: 'row' }, v.version, v.serving ? el('span', { class: 'badge', text: 'serving' }) : null),
      el('td', { text: dateTime(v.publishedAt) }),
      el('td', { class: 'num', text: v.metrics.segments ?? '–' }),
      el('td', { class: 'num', text: v.metrics.customers ?? '–' }),
      el('td', { class: 'num', text: v.metrics.challengerAuc === null || v.metrics.challengerAuc === undefined ? (v.metrics.churnClassifierTrained === false ? 'no classifier' : '–') : number(v.metrics.challengerAuc, 3) }),
      el('td', { text: v.metrics.reason ?? '–' }),
      el('td', {}, v.serving ? null : el('button', {
        type: 'button', class: 'secondary promote', 'data-version': v.version,
        text: isOlder(v, list) ? 'Roll back to this' : 'Promote',
        onclick: () => promote(v.version, isOlder(v, list) ? 'rollback' : 'promote', status),
      }))))));
  main.append(card('Versions', table, status));
}

function isOlder(version, list) {
  const serving = list.versions.find((v) => v.serving);
  return serving ? new Date(version.publishedAt) < new Date(serving.publishedAt) : false;
}

async function promote(version, kind, status) {
  let current;
  try {
    current = await api.currentModel();
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
    current = { model: null, etag: null };
  }
  const verb = kind === 'rollback' ? 'Roll back' : 'Promote';
  const confirmed = await confirmAction(`${verb} model`,
    `${verb} to ${version}? It serves new scores within the serving poll interval${current.model ? `; ${current.model.version} stops serving` : ''}.`, verb);
  if (!confirmed) { status.textContent = 'Nothing changed.'; return; }
  try {
    const result = await api.promote(version, `${kind} from the dashboard`, current.etag);
    status.textContent = `${result.version} serves now.`;
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } catch (error) {
    status.textContent = error instanceof ApiError && error.status === 409
      ? `The serving model changed meanwhile: ${error.message} Reload and try again.`
      : `Could not ${verb.toLowerCase()}: ${error.message}`;
  }
}
