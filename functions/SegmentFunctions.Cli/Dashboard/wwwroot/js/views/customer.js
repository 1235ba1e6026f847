import { api, ApiError } from '../api.js';
import { card, confirmAction, el, empty, field } from '../dom.js';
import { chartFigure, color } from '../charts.js';
import { featureLabel, featureValue, interval, money, number, percent } from '../format.js';

export async function render(main, args, scope) {
  main.append(el('h1', { text: 'Customer lookup' }));
  const input = el('input', { id: 'customer-id', type: 'search', value: args[0] ?? '', required: true, autocomplete: 'off' });
  const form = el('form', { class: 'filters', role: 'search', 'aria-label': 'Find a customer' },
    field('Customer id', input), el('button', { type: 'submit', text: 'Look up' }));
  form.addEventListener('submit', (event) => { event.preventDefault(); location.hash = `#/customer/${encodeURIComponent(input.value.trim())}`; });
  main.append(form);
  if (!args[0]) {
    main.append(empty('Enter a customer id to see their scores, the drivers behind them and their features.', 'Ids are listed in each segment\'s customers.'));
    return;
  }

  const id = args[0];
  let scores;
  let features;
  let segments;
  try {
    [scores, features, segments] = await Promise.all([api.scores(id), api.features(id), api.segments()]);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      main.append(empty(`No customer '${id}' is known (or they were erased).`, 'Check the id.'));
      return;
    }
    if (error instanceof ApiError && error.status === 503) {
      main.append(empty('No model has been published yet, so there are no scores.', 'Run `segment demo` or start a run under Retraining.'));
      return;
    }
    throw error;
  }
  if (scope.closed) return;
  const currency = scores.clv.currency;

  const drivers = scores.churn.drivers;
  main.append(el('div', { class: 'grid-2' },
    card('Scores', el('dl', { class: 'facts', id: 'customer-scores' },
      el('dt', { text: 'Segment' }), el('dd', {}, el('a', { href: `#/segment/${scores.segment.id}`, text: scores.segment.name }), ` (${percent(scores.segment.probability)} likely)`),
      el('dt', { text: `P(churn) in ${scores.churn.horizonDays} days` }), el('dd', { text: `${percent(scores.churn.probability)} · ${scores.churn.band} band · ${scores.churn.method === 'Classifier' ? 'churn classifier' : 'BG/NBD estimate'}` }),
      el('dt', { text: 'P(alive)' }), el('dd', { text: interval(scores.pAlive, (x) => percent(x)) }),
      el('dt', { text: `Expected purchases in ${scores.expectedPurchases.horizonDays} days` }), el('dd', { text: interval(scores.expectedPurchases, (x) => `${number(x, 2)} purchases`) }),
      el('dt', { text: `CLV over ${scores.clv.horizonDays} days` }), el('dd', { text: scores.clv.value === null ? 'no spend model' : interval(scores.clv, (x) => money(x, currency)) })),
    el('p', { class: 'muted', text: 'Intervals are 80% intervals from the uncertainty of the lifetime models.' })),
    card('Why this churn score', drivers.length === 0
      ? empty('No drivers: churn comes from the BG/NBD estimate, since this model has no churn classifier.', 'Retrain once the history covers the churn horizon.')
      : el('ul', { class: 'drivers', id: 'drivers' }, drivers.map((d) => el('li', { text: driverSentence(d, drivers, currency) }))))));

  main.append(el('div', { class: 'grid-2' },
    card('Segment probabilities', chartFigure('Probability of each segment (%)', {
      type: 'bar',
      data: { labels: scores.segment.probabilities.map((p) => segments.segments.find((s) => s.id === p.id)?.name ?? `Segment ${p.id}`), datasets: [{ label: 'Probability (%)', data: scores.segment.probabilities.map((p) => p.probability * 100), backgroundColor: color(3) }] },
      options: { scales: { y: { beginAtZero: true, max: 100, title: { display: true, text: '%' } } } },
    }, scope.charts)),
    card('Features', featureTable(features, currency))));

  const erase = el('button', { type: 'button', id: 'erase', class: 'danger', text: 'Erase this customer' });
  const outcome = el('p', { role: 'status', id: 'erase-status' });
  erase.addEventListener('click', async () => {
    const confirmed = await confirmAction('Erase customer', `Erase '${id}'? Their features and dead letters are deleted and future events for this id are dropped. This cannot be undone.`, 'Erase');
    if (!confirmed) { outcome.textContent = 'Nothing was erased.'; return; }
    try {
      await api.erase(id);
      outcome.textContent = `'${id}' was erased.`;
      erase.disabled = true;
    } catch (error) {
      outcome.textContent = `Could not erase: ${error.message}`;
    }
  });
  main.append(card('Erasure', el('p', { text: 'Right to erasure: suppress the id and delete what is stored about it.' }), erase, outcome));
}

function driverSentence(driver, all, currency) {
  const strongest = Math.max(...all.map((d) => Math.abs(d.contribution)));
  const weight = Math.abs(driver.contribution) / (strongest || 1);
  const how = weight > 0.66 ? 'strongly' : weight > 0.33 ? 'moderately' : 'slightly';
  const direction = driver.contribution > 0 ? 'raises' : 'lowers';
  return `${featureLabel(driver.feature)} of ${featureValue(driver.feature, driver.value, currency)} ${how} ${direction} the churn risk.`;
}

function featureTable(document, currency) {
  const rows = Object.entries(document).filter(([, v]) => v === null || ['number', 'string', 'boolean'].includes(typeof v));
  return el('table', { class: 'data compact', id: 'features-table' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Feature' }), el('th', { scope: 'col', text: 'Value' }))),
    el('tbody', {}, rows.map(([k, v]) => el('tr', {}, el('th', { scope: 'row', text: featureLabel(k) }), el('td', { text: typeof v === 'number' ? featureValue(k, v, currency) : String(v ?? '–') })))));
}
