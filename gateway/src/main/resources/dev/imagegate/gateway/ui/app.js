// The shell: sign-in (master key = admin, virtual key = self-service), the page navigation, and the views.
import {call, session, get} from './api.js';
import {h, replace, busy, showError, budgetBar, list, when, usd} from './dom.js';
import {keysView} from './keys.js';
import {teamsView, usersView, customersView} from './tenancy.js';
import {spendView} from './spend.js';
import {modelsView} from './models.js';
import {playgroundView, clearGallery} from './playground.js';

const PAGES = {
  admin: [['keys', 'Keys', keysView], ['teams', 'Teams', teamsView], ['users', 'Users', usersView],
    ['customers', 'Customers', customersView], ['spend', 'Spend', spendView], ['models', 'Models', modelsView],
    ['playground', 'Playground', playgroundView]],
  key: [['my-key', 'My key', myKeyView], ['models', 'Models', modelsView], ['playground', 'Playground', playgroundView]],
  open: [['models', 'Models', modelsView], ['playground', 'Playground', playgroundView]],
};

const state = {role: null, notice: null};

const $ = id => document.getElementById(id);

/**
 * Finds out what a key may do: the master key lists keys; a virtual key is refused /key/list (403) but reads its own
 * /key/info; a gateway without a master key refuses every admin endpoint with a 403 that says why.
 */
async function roleOf(key) {
  try {
    await call('GET', '/key/list?size=1', undefined, {key});
    return {role: 'admin'};
  } catch (e) {
    if (e.status !== 403) throw e;
    try {
      const info = await call('GET', '/key/info', undefined, {key});
      return {role: 'key', info: info.body};
    } catch (inner) {
      if (inner.status === 403) return {role: 'open', notice: inner.message};
      throw inner;
    }
  }
}

/** Asks the gateway, without a key, whether admin is possible at all (a 403 instead of a 401 means no master key). */
async function adminDisabledNotice() {
  try {
    await call('GET', '/key/list?size=1', undefined, {key: null});
    return null;
  } catch (e) {
    return e.status === 403 ? e.message : null;
  }
}

async function signIn(key) {
  const found = await roleOf(key);
  session.key = key;
  state.role = found.role;
  state.notice = found.role === 'open' ? found.notice : null;
  showApp();
}

function signOut() {
  session.key = null;
  state.role = null;
  clearGallery();
  location.hash = '';
  showSignIn();
}

async function showSignIn() {
  $('nav').hidden = true;
  $('who').hidden = true;
  replace($('view'));
  const box = $('signin');
  box.hidden = false;
  const notice = await adminDisabledNotice();
  const noticeBox = $('signin-notice');
  if (notice) {
    replace(noticeBox, h('div', {class: 'notice', role: 'note'},
      h('strong', {}, 'Admin is disabled on this gateway. '),
      'It has no master key, so keys, teams, users, customers and spend cannot be managed here, and anyone who '
        + 'reaches the port can generate images. The gateway says: ', h('q', {}, notice),
      h('p', {}, 'To turn admin on, restart the gateway with a master key, for example ',
        h('code', {}, 'IMAGEGATE_MASTER_KEY=sk-<a long secret> ./imagegate serve'), ', and sign in with it.'),
      h('button', {type: 'button', id: 'continue-open', onclick: () => signIn('open')}, 'Continue to models and playground')));
  } else {
    replace(noticeBox);
  }
  $('signin-key').focus();
}

function showApp() {
  $('signin').hidden = true;
  const pages = PAGES[state.role];
  const nav = $('nav');
  replace(nav, h('ul', {}, pages.map(([id, label]) => h('li', {}, h('a', {href: `#/${id}`, id: `nav-${id}`}, label)))));
  nav.hidden = false;
  $('who').hidden = false;
  $('who-label').textContent = {admin: 'Signed in: master key (admin)', key: 'Signed in: virtual key',
    open: 'Open gateway (no master key)'}[state.role];
  route();
}

function route() {
  if (!state.role) return;
  const pages = PAGES[state.role];
  const wanted = location.hash.replace(/^#\//, '');
  const page = pages.find(([id]) => id === wanted) || pages[0];
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.id === `nav-${page[0]}`) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  const view = $('view');
  replace(view);
  if (state.notice) {
    view.append(h('div', {class: 'notice', role: 'note'}, h('strong', {}, 'Admin is disabled. '), state.notice));
  }
  const container = h('section', {'aria-labelledby': 'page-title'});
  view.append(container);
  page[2](container, {role: state.role});
  document.title = `${page[1]} · imagegate`;
}

/** A virtual key's own page: its spend against its budget, models, limits and expiry. */
async function myKeyView(root) {
  const errors = h('div');
  replace(root, h('h1', {id: 'page-title'}, 'My key'), errors);
  await busy(null, errors, async () => {
    const info = (await get('/key/info')).info;
    root.append(h('dl', {class: 'facts'},
      h('dt', {}, 'Alias'), h('dd', {}, info.key_alias || info.key_name || '—'),
      h('dt', {}, 'Spend'), h('dd', {}, budgetBar(info.spend, info.max_budget)),
      h('dt', {}, 'Budget period'), h('dd', {}, info.budget_duration || '—',
        info.budget_reset_at ? ` (resets ${when(info.budget_reset_at)})` : ''),
      h('dt', {}, 'Models'), h('dd', {}, info.models && info.models.length ? list(info.models) : 'all models'),
      h('dt', {}, 'Rate limit'), h('dd', {}, info.rpm_limit ? `${info.rpm_limit} requests per minute` : 'none'),
      h('dt', {}, 'Parallel requests'), h('dd', {}, info.max_parallel_requests ?? 'no limit'),
      h('dt', {}, 'Team'), h('dd', {}, info.team_id || '—'),
      h('dt', {}, 'Expires'), h('dd', {}, info.expires ? when(info.expires) : 'never'),
      h('dt', {}, 'Blocked'), h('dd', {}, info.blocked ? 'yes' : 'no'),
      h('dt', {}, 'Max budget'), h('dd', {}, usd(info.max_budget))));
  });
}

function start() {
  $('signin-form').addEventListener('submit', async event => {
    event.preventDefault();
    const key = $('signin-key').value.trim();
    const errors = $('signin-error');
    if (!key) {
      showError(errors, new Error('Enter the master key or a virtual key.'));
      return;
    }
    await busy($('signin-submit'), errors, () => signIn(key));
    if (state.role) $('signin-key').value = '';
  });
  $('sign-out').addEventListener('click', signOut);
  window.addEventListener('hashchange', route);
  if (session.key) {
    signIn(session.key).catch(() => {
      session.key = null;
      showSignIn();
    });
  } else {
    showSignIn();
  }
}

start();
