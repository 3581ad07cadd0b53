// Keys: list, create (secret shown once), update, block/unblock, regenerate, delete.
import {get, post, allKeys} from './api.js';
import {h, replace, table, field, busy, budgetBar, list, when, modal, confirmAction, showSecretOnce,
  formValues, showError} from './dom.js';

/** The editable fields of a key, as /key/generate and /key/update take them. */
function keyFields(key, groups, teams) {
  return [
    {label: 'Alias', name: 'key_alias', value: key.key_alias, hint: 'A name for people; shown in spend.'},
    {label: 'Models', name: 'models', type: 'select', multiple: true, value: key.models || [],
      options: [...new Set([...groups, ...(key.models || [])])],
      hint: 'None selected: every model.'},
    {label: 'Team', name: 'team_id', type: 'select', value: key.team_id || '',
      options: [['', '(no team)'], ...teams.map(t => [t.team_id, t.team_alias ? `${t.team_alias} (${t.team_id})` : t.team_id])]},
    {label: 'User id', name: 'user_id', value: key.user_id},
    {label: 'Max budget (USD)', name: 'max_budget', type: 'number', min: 0, step: 'any', value: key.max_budget},
    {label: 'Budget period', name: 'budget_duration', value: key.budget_duration, placeholder: '30d',
      hint: 'e.g. 1h, 30d, 1mo; empty: the budget never resets.'},
    {label: 'Requests per minute', name: 'rpm_limit', type: 'number', min: 1, step: 1, value: key.rpm_limit},
    {label: 'Parallel requests', name: 'max_parallel_requests', type: 'number', min: 1, step: 1,
      value: key.max_parallel_requests},
    {label: key.token ? 'Expires in (from now)' : 'Expires in', name: 'duration', value: '', placeholder: '30d',
      hint: key.token ? `Now: ${key.expires ? when(key.expires) : 'never'}. Empty: unchanged.` : 'Empty: never.'},
  ];
}

const NUMBERS = new Set(['max_budget', 'rpm_limit', 'max_parallel_requests']);

/** Form values as a request body: numbers as numbers, empty values left out (create) or cleared (update). */
function body(values, original) {
  const out = {};
  for (const [name, raw] of Object.entries(values)) {
    let value = raw;
    if (NUMBERS.has(name)) value = raw === '' ? null : Number(raw);
    else if (name === 'models') value = raw;
    else if (raw === '') value = null;
    if (!original) {
      if (value !== null && !(Array.isArray(value) && !value.length)) out[name] = value;
    } else if (name === 'duration') {
      if (value !== null) out[name] = value;
    } else if (JSON.stringify(value) !== JSON.stringify(original[name] ?? (name === 'models' ? [] : null))) {
      out[name] = value;
    }
  }
  return out;
}

export async function keysView(root) {
  const errors = h('div');
  const listBox = h('div');
  const create = h('button', {type: 'button', class: 'primary', id: 'create-key'}, 'Create key');
  const refresh = h('button', {type: 'button'}, 'Refresh');
  replace(root, h('div', {class: 'title-row'}, h('h1', {id: 'page-title'}, 'Keys'),
    h('div', {class: 'actions'}, create, refresh)), errors, listBox);
  let context = {groups: [], teams: []};

  async function load() {
    const [keys, info, teams] = await Promise.all([allKeys(), get('/v1/model/info'), get('/team/list')]);
    context = {groups: [...new Set(info.data.map(d => d.model_name))], teams};
    const teamName = id => {
      const team = id && teams.find(t => t.team_id === id);
      return team && team.team_alias ? team.team_alias : id;
    };
    replace(listBox, table([
      {label: 'Alias', value: k => h('span', {class: 'alias'}, k.key_alias || k.key_name || '')},
      {label: 'Key', value: k => h('code', {}, k.key_name || '')},
      {label: 'Team', value: k => teamName(k.team_id)},
      {label: 'User', value: k => k.user_id},
      {label: 'Models', value: k => k.models && k.models.length ? list(k.models) : 'all'},
      {label: 'Spend / budget', value: k => budgetBar(k.spend, k.max_budget)},
      {label: 'RPM', value: k => k.rpm_limit},
      {label: 'Expires', value: k => k.expires ? when(k.expires) : 'never'},
      {label: 'Blocked', value: k => k.blocked ? h('strong', {class: 'bad'}, 'blocked') : 'no'},
      {label: 'Actions', className: 'row-actions', value: k => actions(k)},
    ], keys, {caption: 'Keys', empty: 'No keys yet: create one.'}));
  }

  function actions(key) {
    const name = key.key_alias || key.key_name;
    const edit = h('button', {type: 'button', 'aria-label': `Edit key ${name}`}, 'Edit');
    const block = h('button', {type: 'button', 'aria-label': `${key.blocked ? 'Unblock' : 'Block'} key ${name}`},
      key.blocked ? 'Unblock' : 'Block');
    const regenerate = h('button', {type: 'button', 'aria-label': `Regenerate key ${name}`}, 'Regenerate');
    const remove = h('button', {type: 'button', class: 'danger', 'aria-label': `Delete key ${name}`}, 'Delete');
    edit.onclick = () => editKey(key);
    block.onclick = () => busy(block, errors, async () => {
      await post(key.blocked ? '/key/unblock' : '/key/block', {key: key.token});
      await load();
    });
    regenerate.onclick = async () => {
      if (!await confirmAction('Regenerate key', `Regenerate “${name}”? The current secret stops working at once.`,
        'Regenerate')) return;
      await busy(regenerate, errors, async () => {
        const answer = await post('/key/regenerate', {key: key.token});
        await showSecretOnce('New key', answer.key, 'This is the only time the new key is shown. Store it now.');
        await load();
      });
    };
    remove.onclick = async () => {
      if (!await confirmAction('Delete key', `Delete “${name}”? Calls with it fail from now on.`, 'Delete')) return;
      await busy(remove, errors, async () => {
        await post('/key/delete', {keys: [key.token]});
        await load();
      });
    };
    return h('span', {class: 'buttons'}, edit, block, regenerate, remove);
  }

  function keyForm(title, key, submitLabel, submit) {
    return modal(title, close => {
      const formErrors = h('div');
      const save = h('button', {type: 'submit', class: 'primary'}, submitLabel);
      const form = h('form', {novalidate: true},
        h('div', {class: 'grid'}, keyFields(key, context.groups, context.teams).map(field)),
        formErrors,
        h('div', {class: 'actions'}, save, h('button', {type: 'button', onclick: () => close()}, 'Cancel')));
      form.addEventListener('submit', async event => {
        event.preventDefault();
        await busy(save, formErrors, async () => {
          await submit(formValues(form));
          close(true);
        });
      });
      return form;
    });
  }

  async function editKey(key) {
    const saved = await keyForm(`Edit key ${key.key_alias || key.key_name}`, key, 'Save', async values => {
      const changes = body(values, key);
      if (Object.keys(changes).length) await post('/key/update', {key: key.token, ...changes});
    });
    if (saved) await busy(null, errors, load);
  }

  create.onclick = async () => {
    let created = null;
    await keyForm('Create key', {}, 'Create', async values => {
      created = await post('/key/generate', body(values, null));
    });
    if (created) {
      await showSecretOnce('Key created', created.key,
        'This is the only time the key is shown: the gateway keeps only its hash. Store it now.');
      await busy(null, errors, load);
    }
  };
  refresh.onclick = () => busy(refresh, errors, load);
  await busy(null, errors, load).catch(e => showError(errors, e));
}
