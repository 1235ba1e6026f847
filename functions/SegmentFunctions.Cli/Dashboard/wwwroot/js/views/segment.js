import { api, ApiError } from '../api.js';
import { card, download, el, empty, field } from '../dom.js';
import { chartFigure, color } from '../charts.js';
import { count, featureLabel, featureValue, interval, money, number, percent } from '../format.js';

const pageSize = 25;
const columns = [
  { key: 'customerId', label: 'Customer', value: (c) => c.customerId },
  { key: 'churnProbability', label: 'P(churn)', value: (c) => c.churnProbability, show: (c) => percent(c.churnProbability) },
  { key: 'churnBand', label: 'Churn band', value: (c) => ['Low', 'Medium', 'High'].indexOf(c.churnBand), show: (c) => c.churnBand },
  { key: 'clv', label: 'CLV (80% interval)', value: (c) => c.clv?.value ?? -Infinity, show: (c, currency) => interval(c.clv, (x) => money(x, currency)) },
  { key: 'pAlive', label: 'P(alive) (80% interval)', value: (c) => c.pAlive.value, show: (c) => interval(c.pAlive, (x) => percent(x)) },
];

export async function render(main, args, scope) {
  let segments;
  try {
    segments = await api.segments();
  } catch (error) {
    if (error instanceof ApiError && error.status === 503) {
      main.append(el('h1', { text: 'Segments' }), empty('No model has been published yet.', 'Run `segment demo` or start a run under Retraining.'));
      return;
    }
    throw error;
  }
  if (scope.closed) return;
  const id = args[0] ?? String(segments.segments[0]?.id ?? '');
  const segment = segments.segments.find((s) => String(s.id) === id);
  main.append(el('h1', { text: segment ? `Segment: ${segment.name}` : 'Segments' }));

  const picker = el('select', { id: 'segment-picker' }, segments.segments.map((s) => el('option', { value: s.id, selected: String(s.id) === id, text: s.name })));
  picker.addEventListener('change', () => { location.hash = `#/segment/${picker.value}`; });
  main.append(el('div', { class: 'toolbar' }, field('Segment', picker)));
  if (!segment) {
    main.append(empty('This model has no such segment.', 'Pick one of the list.'));
    return;
  }

  main.append(el('div', { class: 'grid-2' },
    card('Suggested action', el('p', { class: 'action', text: segment.action }), el('p', { class: 'muted', text: `Rule: ${segment.rule}` }),
      el('p', {}, `${count(segment.size)} customers (${percent(segment.customerShare)} of customers, ${percent(segment.revenueShare)} of revenue).`)),
    profileCard(segment, segments.segments, scope)),
    flowsCard(segment, segments));

  const state = { filters: { churnBand: '', minClv: '', maxClv: '', minPAlive: '' }, sort: { key: 'churnProbability', descending: true }, page: 0, rows: [], currency: null };
  const tableHolder = el('div', { id: 'audience' });
  const status = el('p', { id: 'audience-status', role: 'status' });

  const band = el('select', { id: 'filter-band' },
    el('option', { value: '', text: 'All bands' }), ['High', 'Medium', 'Low'].map((b) => el('option', { value: b, text: b })));
  const minClv = el('input', { id: 'filter-min-clv', type: 'number', inputmode: 'decimal', step: 'any', min: 0 });
  const maxClv = el('input', { id: 'filter-max-clv', type: 'number', inputmode: 'decimal', step: 'any', min: 0 });
  const minPAlive = el('input', { id: 'filter-min-palive', type: 'number', step: '0.05', min: 0, max: 1 });
  const apply = el('button', { type: 'submit', id: 'apply-filters', text: 'Apply filters' });
  const exportButton = el('button', { type: 'button', id: 'export-csv', class: 'secondary', text: 'Export CSV' });
  const form = el('form', { class: 'filters', 'aria-label': 'Filter the customers' },
    field('Churn band', band), field('CLV at least', minClv, 'currency'), field('CLV at most', maxClv, 'currency'),
    field('P(alive) at least', minPAlive, '0 to 1'), apply, exportButton);

  const query = () => ({ churnBand: state.filters.churnBand, minClv: state.filters.minClv, maxClv: state.filters.maxClv, minPAlive: state.filters.minPAlive });

  async function load() {
    status.textContent = 'Loading customers…';
    tableHolder.setAttribute('aria-busy', 'true');
    try {
      const audience = await api.wholeAudience(segment.id, query());
      if (scope.closed) return;
      state.rows = audience.customers;
      state.currency = audience.currency;
      state.page = 0;
      drawTable();
      status.textContent = `${count(audience.customers.length)} customers match${audience.truncated ? ' (the first 10,000 shown; export gives them all)' : ''}.`;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        state.rows = [];
        tableHolder.replaceChildren(empty('No batch scores for this model yet.', 'They are written when a retraining run publishes the model.'));
        status.textContent = '';
      } else {
        status.textContent = `Could not load the customers: ${error.message}`;
      }
    } finally {
      tableHolder.setAttribute('aria-busy', 'false');
    }
  }

  function drawTable() {
    const column = columns.find((c) => c.key === state.sort.key);
    const rows = [...state.rows].sort((a, b) => {
      const x = column.value(a);
      const y = column.value(b);
      const order = x < y ? -1 : x > y ? 1 : 0;
      return (state.sort.descending ? -order : order) || a.customerId.localeCompare(b.customerId);
    });
    if (rows.length === 0) {
      tableHolder.replaceChildren(empty('No customer of this segment matches these filters.', 'Widen the filters.'));
      return;
    }
    const pages = Math.ceil(rows.length / pageSize);
    state.page = Math.min(state.page, pages - 1);
    const shown = rows.slice(state.page * pageSize, (state.page + 1) * pageSize);
    const header = el('tr', {}, columns.map((c) => {
      const sorted = c.key === state.sort.key;
      const button = el('button', { type: 'button', class: 'sort', 'data-sort': c.key, text: c.label,
        onclick: () => { state.sort = { key: c.key, descending: sorted ? !state.sort.descending : true }; drawTable(); } });
      return el('th', { scope: 'col', 'aria-sort': sorted ? (state.sort.descending ? 'descending' : 'ascending') : 'none' }, button);
    }));
    const body = el('tbody', {}, shown.map((c) => el('tr', {},
      el('td', {}, el('a', { href: `#/customer/${encodeURIComponent(c.customerId)}`, text: c.customerId })),
      columns.slice(1).map((col) => el('td', { class: col.key === 'churnBand' ? `band band-${c.churnBand}` : 'num', text: col.show(c, state.currency) })))));
    const pager = el('nav', { class: 'pager', 'aria-label': 'Pages of customers' },
      el('button', { type: 'button', class: 'secondary', text: 'Previous', disabled: state.page === 0, onclick: () => { state.page--; drawTable(); } }),
      el('span', { text: `Page ${state.page + 1} of ${pages}` }),
      el('button', { type: 'button', class: 'secondary', id: 'next-page', text: 'Next', disabled: state.page >= pages - 1, onclick: () => { state.page++; drawTable(); } }));
    tableHolder.replaceChildren(el('table', { class: 'data', id: 'customers-table' },
      el('caption', { text: 'Customers, most likely to churn first unless sorted otherwise' }), el('thead', {}, header), body), pager);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    state.filters = { churnBand: band.value, minClv: minClv.value, maxClv: maxClv.value, minPAlive: minPAlive.value };
    load();
  });
  exportButton.addEventListener('click', async () => {
    exportButton.disabled = true;
    status.textContent = 'Preparing the CSV…';
    try {
      const csv = await api.audienceCsv(segment.id, query());
      download(`segment-${segment.id}-customers.csv`, csv, 'text/csv');
      status.textContent = 'CSV exported.';
    } catch (error) {
      status.textContent = `Could not export: ${error.message}`;
    } finally {
      exportButton.disabled = false;
    }
  });

  main.append(card('Customers', form, status, tableHolder));
  await load();
}

function profileCard(segment, all, scope) {
  const columnsOf = Object.keys(segment.profile);
  if (columnsOf.length === 0 || Object.values(segment.profile).every((v) => v === null)) {
    return card('Profile', empty('This segment kept no members at training, so it has no profile.'));
  }
  const total = all.reduce((sum, s) => sum + s.size, 0);
  const population = Object.fromEntries(columnsOf.map((c) => [c,
    all.reduce((sum, s) => sum + (s.profile[c] ?? 0) * s.size, 0) / Math.max(1, total)]));
  const table = el('table', { class: 'data', id: 'profile-table' },
    el('thead', {}, el('tr', {}, ['Feature', 'This segment', 'All customers'].map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, columnsOf.map((c) => el('tr', {},
      el('th', { scope: 'row', text: featureLabel(c) }),
      el('td', { class: 'num', text: featureValue(c, segment.profile[c]) }),
      el('td', { class: 'num', text: featureValue(c, population[c]) })))));
  const chart = chartFigure('Segment mean relative to all customers (1 = same as all customers)', {
    type: 'bar',
    data: {
      labels: columnsOf.map(featureLabel),
      datasets: [{ label: 'Segment / all customers', data: columnsOf.map((c) => population[c] ? (segment.profile[c] ?? 0) / population[c] : 0), backgroundColor: color(0) }],
    },
    options: {
      indexAxis: 'y',
      scales: { x: { title: { display: true, text: 'times the population mean' }, beginAtZero: true } },
      plugins: { tooltip: { callbacks: { label: (item) => `${number(item.parsed.x, 2)} × the mean of all customers` } } },
    },
  }, scope.charts, table);
  return card('Profile', chart);
}

function flowsCard(segment, segments) {
  const flows = segments.flows;
  if (!flows) {
    return card('Flows from the previous model', empty('No previous model to compare with.', 'Flows appear once a retrain publishes a second model.'));
  }
  const name = (id) => id === null ? null : segments.segments.find((s) => s.id === id)?.name ?? `segment ${id}`;
  const into = flows.flows.filter((f) => f.toSegmentId === segment.id);
  const outOf = flows.flows.filter((f) => f.fromSegmentId === segment.id && f.toSegmentId !== segment.id);
  const row = (label, n) => el('tr', {}, el('th', { scope: 'row', text: label }), el('td', { class: 'num', text: `${count(n)} customers` }));
  return card(`Flows from model ${flows.previousVersion}`,
    el('table', { class: 'data compact', id: 'flows-table' },
      el('caption', { text: `${percent(flows.shareChanged)} of the customers in both models changed segment` }),
      el('tbody', {},
        into.map((f) => row(f.fromSegmentId === null ? 'New customers' : f.fromSegmentId === segment.id ? 'Stayed' : `From ${name(f.fromSegmentId)}`, f.count)),
        outOf.map((f) => row(f.toSegmentId === null ? 'Left (erased or gone)' : `Moved to ${name(f.toSegmentId)}`, f.count)))));
}
