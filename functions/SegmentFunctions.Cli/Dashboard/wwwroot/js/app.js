// The page's shell: hash routes to views, the API key prompt, and the clean-up of a view's charts and timers.
import { ApiError, apiKey, setApiKey } from './api.js';
import { problem } from './dom.js';
import * as overview from './views/overview.js';
import * as segment from './views/segment.js';
import * as targeting from './views/targeting.js';
import * as customer from './views/customer.js';
import * as models from './views/models.js';
import * as retrain from './views/retrain.js';

const views = { overview, segment, targeting, customer, models, retrain };
const main = document.getElementById('main');
let current = null;

/** What a view leaves behind: charts to destroy and timers to stop when the reader moves on. */
class ViewScope {
  charts = [];
  timers = [];
  closed = false;
  every(ms, fn) { this.timers.push(setInterval(fn, ms)); }
  later(ms, fn) { this.timers.push(setTimeout(fn, ms)); }
  close() {
    this.closed = true;
    for (const chart of this.charts) chart.destroy();
    for (const timer of this.timers) { clearInterval(timer); clearTimeout(timer); }
  }
}

function parseRoute() {
  const [name, ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  return { name: views[name] ? name : 'overview', args: rest.map(decodeURIComponent) };
}

export async function render() {
  const { name, args } = parseRoute();
  current?.close();
  const scope = new ViewScope();
  current = scope;
  for (const link of document.querySelectorAll('nav a')) {
    if (link.dataset.view === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  main.replaceChildren();
  main.setAttribute('aria-busy', 'true');
  try {
    await views[name].render(main, args, scope);
  } catch (error) {
    if (scope.closed) return;
    if (error instanceof ApiError && error.status === 401) {
      askForKey(apiKey() ? 'The key was refused. Enter the API key of this app.' : 'This API asks for a key.');
    }
    main.append(problem(error));
  } finally {
    if (!scope.closed) {
      main.setAttribute('aria-busy', 'false');
      main.dataset.view = name;
    }
  }
}

function askForKey(reason) {
  const dialog = document.getElementById('key-dialog');
  if (dialog.open) return;
  document.getElementById('key-reason').textContent = reason ?? 'Enter the API key of this app. It is kept in this browser tab only.';
  document.getElementById('key-input').value = apiKey();
  dialog.showModal();
}

document.getElementById('key-dialog').addEventListener('close', (event) => {
  const dialog = event.target;
  if (dialog.returnValue === 'save') {
    setApiKey(document.getElementById('key-input').value.trim());
    render();
  }
});
document.getElementById('key-button').addEventListener('click', () => askForKey());
window.addEventListener('hashchange', render);
render();
