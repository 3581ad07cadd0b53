// Small DOM helpers. User data only ever becomes text (textContent / text nodes), never HTML.

/** h('button', {type: 'button', onclick: f}, 'Save') builds an element; strings become text nodes. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      el.className = value;
    } else if (name === 'text') {
      el.textContent = value;
    } else if (name in el && typeof value !== 'string') {
      el[name] = value;
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the content of el. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let fieldCount = 0;

/** A labelled form field: {label, name, type, value, options, hint, required, ...input attributes}. */
export function field(spec) {
  const id = `f${++fieldCount}-${spec.name}`;
  let input;
  if (spec.type === 'select') {
    input = h('select', {id, name: spec.name, required: spec.required, multiple: spec.multiple},
      (spec.options || []).map(o => {
        const [value, text] = Array.isArray(o) ? o : [o, o];
        const selected = spec.multiple ? (spec.value || []).includes(value) : String(spec.value ?? '') === value;
        return h('option', {value, selected}, text);
      }));
  } else if (spec.type === 'textarea') {
    input = h('textarea', {id, name: spec.name, required: spec.required, rows: spec.rows || 3,
      placeholder: spec.placeholder});
    input.value = spec.value ?? '';
  } else {
    input = h('input', {id, name: spec.name, type: spec.type || 'text', required: spec.required,
      placeholder: spec.placeholder, min: spec.min, max: spec.max, step: spec.step,
      autocomplete: spec.autocomplete || 'off', list: spec.list});
    if (spec.type === 'checkbox') input.checked = !!spec.value; else input.value = spec.value ?? '';
  }
  const hintId = spec.hint ? `${id}-hint` : null;
  if (hintId) input.setAttribute('aria-describedby', hintId);
  return h('div', {class: spec.type === 'checkbox' ? 'field check' : 'field'},
    h('label', {for: id}, spec.label), input, spec.hint ? h('small', {id: hintId}, spec.hint) : null);
}

/** Money in USD from the API's exact decimal (a JSON number or string), exactly: $0.04, $12.50, $0.000123. */
export function usd(value) {
  if (value === null || value === undefined || value === '') return '—';
  if (!Number.isFinite(Number(value))) return String(value);
  return '$' + nanosToUsd(nanos(value));
}

/** A USD decimal as whole nano-dollars (exact for the gateway's nano-dollar amounts). */
export function nanos(value) {
  if (value === null || value === undefined || value === '') return 0n;
  const text = typeof value === 'number' ? value.toFixed(9) : String(value);
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const n = BigInt(whole || '0') * 1000000000n + BigInt((fraction + '000000000').slice(0, 9));
  return negative ? -n : n;
}

/** Whole nano-dollars as a USD decimal string with up to 9 places, trailing zeros trimmed (at least 2). */
export function nanosToUsd(n) {
  const negative = n < 0n;
  const abs = negative ? -n : n;
  const whole = abs / 1000000000n;
  let fraction = (abs % 1000000000n).toString().padStart(9, '0').replace(/0+$/, '');
  if (fraction.length < 2) fraction = fraction.padEnd(2, '0');
  return (negative ? '-' : '') + whole.toString() + '.' + fraction;
}

export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

export function list(values) {
  return Array.isArray(values) && values.length ? values.join(', ') : '—';
}

/**
 * A table; columns are {label, value: row => text|Node, className}. Wrapped so it scrolls sideways on narrow
 * screens instead of widening the page.
 */
export function table(columns, rows, {caption, empty = 'Nothing yet.'} = {}) {
  if (!rows.length) return h('p', {class: 'empty'}, empty);
  return h('div', {class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': caption || 'Table'},
    h('table', {},
      caption ? h('caption', {class: 'visually-hidden'}, caption) : null,
      h('thead', {}, h('tr', {}, columns.map(c => h('th', {scope: 'col', class: c.className}, c.label)))),
      h('tbody', {}, rows.map(row => h('tr', {}, columns.map(c => {
        const v = c.value(row);
        return h('td', {class: c.className, 'data-label': c.label}, v === null || v === undefined || v === '' ? '—' : v);
      }))))));
}

/** A budget bar: spend against max budget, as a <meter> with the amounts as text. */
export function budgetBar(spend, max) {
  const text = `${usd(spend ?? 0)} of ${max === null || max === undefined ? 'no budget' : usd(max)}`;
  if (max === null || max === undefined || Number(max) <= 0) return h('span', {class: 'budget'}, text);
  const value = Math.min(Number(spend ?? 0), Number(max));
  return h('span', {class: 'budget'},
    h('meter', {min: 0, max: Number(max), low: Number(max) * 0.75, high: Number(max) * 0.9, optimum: 0, value,
      'aria-label': `Spend ${text}`}), ' ', h('span', {}, text));
}

/**
 * Runs a long action with visible progress: the button is disabled and says so, the page's progress bar shows, and
 * an error (the API's own message) is shown in `errorBox` instead of a blank page.
 */
export async function busy(button, errorBox, action) {
  const label = button ? button.textContent : null;
  if (button) {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    button.textContent = label + '…';
  }
  if (errorBox) replace(errorBox);
  progress(+1);
  try {
    return await action();
  } catch (e) {
    if (errorBox) showError(errorBox, e); else throw e;
    return undefined;
  } finally {
    progress(-1);
    if (button) {
      button.disabled = false;
      button.removeAttribute('aria-busy');
      button.textContent = label;
    }
  }
}

export function showError(box, e) {
  replace(box, h('div', {class: 'error', role: 'alert'}, e && e.message ? e.message : String(e)));
}

let running = 0;

function progress(delta) {
  running += delta;
  const bar = document.getElementById('progress');
  if (bar) bar.hidden = running <= 0;
}

/** A modal dialog; resolves when closed. content(close) returns the body. */
export function modal(title, content) {
  return new Promise(resolve => {
    const heading = h('h2', {id: `dlg-${++fieldCount}`}, title);
    const dialog = h('dialog', {'aria-labelledby': heading.id});
    const close = value => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    dialog.addEventListener('cancel', e => {
      e.preventDefault();
      close(undefined);
    });
    dialog.append(heading, content(close));
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** Asks before a destructive action. */
export function confirmAction(title, message, actionLabel) {
  return modal(title, close => h('div', {},
    h('p', {}, message),
    h('div', {class: 'actions'},
      h('button', {type: 'button', class: 'danger', onclick: () => close(true)}, actionLabel),
      h('button', {type: 'button', autofocus: true, onclick: () => close(false)}, 'Cancel'))));
}

/** Shows a secret once, with a copy button. */
export function showSecretOnce(title, secret, note) {
  return modal(title, close => {
    const out = h('output', {class: 'secret', id: 'secret-value'}, secret);
    const copied = h('span', {role: 'status', class: 'hint'});
    return h('div', {},
      h('p', {}, note),
      out,
      h('div', {class: 'actions'},
        h('button', {type: 'button', onclick: async () => {
          try {
            await navigator.clipboard.writeText(secret);
            copied.textContent = 'Copied.';
          } catch {
            window.getSelection().selectAllChildren(out);
            copied.textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
          }
        }}, 'Copy'),
        h('button', {type: 'button', onclick: () => close()}, 'Done'),
        copied));
  });
}

/** Reads a form's named fields as strings (checkboxes as booleans, multi-selects as arrays). */
export function formValues(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name) continue;
    if (el.type === 'checkbox') out[el.name] = el.checked;
    else if (el.multiple) out[el.name] = [...el.selectedOptions].map(o => o.value);
    else out[el.name] = el.value.trim();
  }
  return out;
}
