import { api, ApiError } from '../api.js';
import { card, el, empty, field, figure } from '../dom.js';
import { chartFigure, color } from '../charts.js';
import { count, money, percent } from '../format.js';

const shown = 50;

export async function render(main, args, scope) {
  main.append(el('h1', { text: 'Targeting by value' }));
  let segments;
  try {
    segments = await api.segments();
  } catch (error) {
    if (error instanceof ApiError && error.status === 503) {
      main.append(empty('No model has been published yet.', 'Run `segment demo` or start a run under Retraining.'));
      return;
    }
    throw error;
  }
  if (scope.closed) return;

  main.append(el('p', { class: 'muted', text: 'Expected value of a retention contact = P(churn) × CLV × save rate − contact cost. Customers worth contacting have a positive expected value.' }));
  const segment = el('select', { id: 'target-segment' }, segments.segments.map((s) => el('option', { value: s.id, text: s.name, selected: String(s.id) === args[0] })));
  const saveRate = el('input', { id: 'save-rate', type: 'number', min: 0, max: 1, step: '0.01', value: '0.2', required: true });
  const contactCost = el('input', { id: 'contact-cost', type: 'number', min: 0, step: '0.01', value: '1', required: true });
  const form = el('form', { class: 'filters', 'aria-label': 'Contact assumptions' },
    field('Segment', segment), field('Save rate', saveRate, 'share of churners a contact keeps, 0 to 1'),
    field('Contact cost', contactCost, 'per contact, in the model currency'),
    el('button', { type: 'submit', id: 'rank', text: 'Rank customers' }));
  const result = el('div', { id: 'ranking' });
  main.append(card('Assumptions', form), result);

  async function rank() {
    result.setAttribute('aria-busy', 'true');
    try {
      const query = { orderBy: 'expectedValue', saveRate: saveRate.value, contactCost: contactCost.value };
      const audience = await api.wholeAudience(segment.value, query);
      if (scope.closed) return;
      for (const chart of scope.charts.splice(0)) chart.destroy();
      const rows = audience.customers;
      if (rows.length === 0) {
        result.replaceChildren(empty('No customer of this segment can be valued.', 'Customers need a CLV, which needs a spend (Gamma-Gamma) model: retrain once purchases with amounts have arrived.'));
        return;
      }
      let running = 0;
      const cumulative = rows.map((c) => (running += Math.max(0, c.expectedValue)));
      result.replaceChildren(
        el('div', { class: 'figures' },
          figure('Expected total', money(audience.expectedValue, audience.currency), `from contacting the customers worth it`),
          figure('Worth contacting', count(audience.worthContacting), `of ${count(rows.length)} valued customers`)),
        card('Cumulative expected value', chartFigure('Cumulative expected value by customers contacted, best first (currency)', {
          type: 'line',
          data: { labels: rows.map((_, i) => i + 1), datasets: [{ label: 'Expected value kept', data: cumulative, borderColor: color(2), pointRadius: 0 }] },
          options: { scales: { x: { title: { display: true, text: 'customers contacted' } }, y: { title: { display: true, text: 'expected value (currency)' } } } },
        }, scope.charts)),
        card(`Top ${Math.min(shown, rows.length)} customers`, el('table', { class: 'data', id: 'ranking-table' },
          el('caption', { text: 'Highest expected value of a contact first' }),
          el('thead', {}, el('tr', {}, ['Rank', 'Customer', 'P(churn)', 'CLV', 'Expected value'].map((h) => el('th', { scope: 'col', text: h })))),
          el('tbody', {}, rows.slice(0, shown).map((c, i) => el('tr', { 'data-customer-id': c.customerId },
            el('td', { class: 'num', text: i + 1 }),
            el('td', {}, el('a', { href: `#/customer/${encodeURIComponent(c.customerId)}`, text: c.customerId })),
            el('td', { class: 'num', text: percent(c.churnProbability) }),
            el('td', { class: 'num', text: money(c.clv?.value, audience.currency) }),
            el('td', { class: 'num', text: money(c.expectedValue, audience.currency) })))))));
    } catch (error) {
      result.replaceChildren(el('p', { class: 'problem', role: 'alert', text: `Could not rank: ${error.message}` }));
    } finally {
      result.setAttribute('aria-busy', 'false');
    }
  }

  form.addEventListener('submit', (event) => { event.preventDefault(); rank(); });
  await rank();
}
