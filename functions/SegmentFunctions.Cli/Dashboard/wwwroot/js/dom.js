// Small DOM helpers: elements from data, never from HTML strings, so API text cannot inject markup.
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function card(title, ...children) {
  return el('section', { class: 'card', 'aria-label': title }, el('h2', { text: title }), ...children);
}

export function figure(label, value, detail) {
  return el('div', { class: 'figure' },
    el('div', { class: 'figure-label', text: label }),
    el('div', { class: 'figure-value', text: value }),
    detail ? el('div', { class: 'figure-detail', text: detail }) : null);
}

/** An empty state: what is missing and what to do next. */
export function empty(message, next) {
  return el('div', { class: 'empty', role: 'note' }, el('p', { text: message }), next ? el('p', { class: 'next', text: next }) : null);
}

export function problem(error) {
  return el('div', { class: 'problem', role: 'alert' }, el('strong', { text: 'Could not load: ' }), error.message);
}

/** A label and its control, tied by id. */
export function field(label, control, hint) {
  return el('div', { class: 'field' }, el('label', { for: control.id, text: label }), control, hint ? el('small', { text: hint }) : null);
}

const confirmDialog = () => document.getElementById('confirm-dialog');

/** Asks before a change that matters; resolves true only on an explicit confirmation. */
export function confirmAction(title, message, action) {
  const dialog = confirmDialog();
  dialog.querySelector('#confirm-title').textContent = title;
  dialog.querySelector('#confirm-message').textContent = message;
  dialog.querySelector('#confirm-ok').textContent = action;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm'), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
  });
}

/** Offers text as a file download. */
export function download(name, text, type) {
  const href = URL.createObjectURL(new Blob([text], { type }));
  const link = el('a', { href, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10000);
}
