// Teams, users and customers (end users): list, create, update, block/unblock where the API has it, delete.
import {get, post} from './api.js';
import {h, replace, table, field, busy, budgetBar, list, modal, confirmAction, formValues, showError} from './dom.js';

const NUMBERS = new Set(['max_budget', 'rpm_limit']);

/** Form values as a body: on create, empty values are left out; on update, only changed ones are sent (empty clears). */
function changes(values, original) {
  const out = {};
  for (const [name, raw] of Object.entries(values)) {
    let value = NUMBERS.has(name) ? (raw === '' ? null : Number(raw)) : raw;
    if (name === 'models') value = raw.split(',').map(s => s.trim()).filter(Boolean);
    else if (value === '') value = null;
    if (!original) {
      if (value !== null && !(Array.isArray(value) && !value.length) && value !== false) out[name] = value;
    } else if (JSON.stringify(value) !== JSON.stringify(original[name] ?? (name === 'models' ? [] : null))) {
      out[name] = value;
    }
  }
  return out;
}

/**
 * One admin page for a kind of record. `kind` says how the API names things: list path, id field, create/update
 * paths, block paths (or none), delete path and body, and the form's fields.
 */
function crudView(kind) {
  return async function view(root) {
    const errors = h('div');
    const box = h('div');
    const create = h('button', {type: 'button', class: 'primary', id: `create-${kind.slug}`}, `New ${kind.one}`);
    const refresh = h('button', {type: 'button'}, 'Refresh');
    replace(root, h('div', {class: 'title-row'}, h('h1', {id: 'page-title'}, kind.title),
      h('div', {class: 'actions'}, create, refresh)), kind.intro ? h('p', {class: 'hint'}, kind.intro) : null,
    errors, box);

    async function load() {
      const rows = (await get(kind.list)).map(kind.flatten || (row => row));
      replace(box, table([...kind.columns, {label: 'Actions', className: 'row-actions', value: actions}], rows,
        {caption: kind.title, empty: `No ${kind.many} yet.`}));
    }

    function actions(row) {
      const id = row[kind.id];
      const name = kind.name(row);
      const buttons = [];
      const edit = h('button', {type: 'button', 'aria-label': `Edit ${kind.one} ${name}`}, 'Edit');
      edit.onclick = async () => {
        if (await form(`Edit ${kind.one} ${name}`, row, 'Save', async values => {
          const body = changes(values, row);
          if (Object.keys(body).length) await post(kind.update, {[kind.updateId]: id, ...body});
        })) await busy(null, errors, load);
      };
      buttons.push(edit);
      if (kind.block) {
        const blocked = !!row.blocked;
        const block = h('button', {type: 'button', 'aria-label': `${blocked ? 'Unblock' : 'Block'} ${kind.one} ${name}`},
          blocked ? 'Unblock' : 'Block');
        block.onclick = () => busy(block, errors, async () => {
          await post(blocked ? kind.block.off : kind.block.on, kind.block.body(id));
          await load();
        });
        buttons.push(block);
      }
      const remove = h('button', {type: 'button', class: 'danger', 'aria-label': `Delete ${kind.one} ${name}`}, 'Delete');
      remove.onclick = async () => {
        if (!await confirmAction(`Delete ${kind.one}`, `Delete ${kind.one} “${name}”? ${kind.deleteNote || ''}`,
          'Delete')) return;
        await busy(remove, errors, async () => {
          await post(kind.remove, kind.removeBody(id));
          await load();
        });
      };
      buttons.push(remove);
      return h('span', {class: 'buttons'}, buttons);
    }

    function form(title, row, submitLabel, submit) {
      return modal(title, close => {
        const formErrors = h('div');
        const save = h('button', {type: 'submit', class: 'primary'}, submitLabel);
        const fields = kind.fields(row).filter(f => !(row && f.createOnly));
        const el = h('form', {novalidate: true}, h('div', {class: 'grid'}, fields.map(field)), formErrors,
          h('div', {class: 'actions'}, save, h('button', {type: 'button', onclick: () => close()}, 'Cancel')));
        el.addEventListener('submit', async event => {
          event.preventDefault();
          await busy(save, formErrors, async () => {
            await submit(formValues(el));
            close(true);
          });
        });
        return el;
      });
    }

    create.onclick = async () => {
      if (await form(`New ${kind.one}`, null, 'Create', values => post(kind.create, changes(values, null)))) {
        await busy(null, errors, load);
      }
    };
    refresh.onclick = () => busy(refresh, errors, load);
    await busy(null, errors, load).catch(e => showError(errors, e));
  };
}

const budgetFields = row => [
  {label: 'Max budget (USD)', name: 'max_budget', type: 'number', min: 0, step: 'any', value: row?.max_budget},
  {label: 'Budget period', name: 'budget_duration', value: row?.budget_duration, placeholder: '30d',
    hint: 'e.g. 1h, 30d, 1mo; empty: never resets.'},
];

export const teamsView = crudView({
  slug: 'team', one: 'team', many: 'teams', title: 'Teams', list: '/team/list', id: 'team_id',
  name: t => t.team_alias || t.team_id,
  create: '/team/new', update: '/team/update', updateId: 'team_id',
  block: {on: '/team/block', off: '/team/unblock', body: id => ({team_id: id})},
  remove: '/team/delete', removeBody: id => ({team_ids: [id]}),
  deleteNote: 'Its keys stay but lose the team.',
  columns: [
    {label: 'Alias', value: t => t.team_alias},
    {label: 'Team id', value: t => h('code', {}, t.team_id)},
    {label: 'Models', value: t => t.models && t.models.length ? list(t.models) : 'all'},
    {label: 'Spend / budget', value: t => budgetBar(t.spend, t.max_budget)},
    {label: 'RPM', value: t => t.rpm_limit},
    {label: 'Blocked', value: t => t.blocked ? h('strong', {class: 'bad'}, 'blocked') : 'no'},
  ],
  fields: row => [
    {label: 'Alias', name: 'team_alias', value: row?.team_alias},
    {label: 'Models', name: 'models', value: (row?.models || []).join(', '), hint: 'Comma-separated; empty: all.'},
    ...budgetFields(row),
    {label: 'Requests per minute', name: 'rpm_limit', type: 'number', min: 1, step: 1, value: row?.rpm_limit},
  ],
});

export const usersView = crudView({
  slug: 'user', one: 'user', many: 'users', title: 'Users', list: '/user/list', id: 'user_id',
  name: u => u.user_alias || u.user_email || u.user_id,
  create: '/user/new', update: '/user/update', updateId: 'user_id',
  remove: '/user/delete', removeBody: id => ({user_ids: [id]}),
  columns: [
    {label: 'User id', value: u => h('code', {}, u.user_id)},
    {label: 'Alias', value: u => u.user_alias},
    {label: 'Email', value: u => u.user_email},
    {label: 'Role', value: u => u.user_role},
    {label: 'Models', value: u => u.models && u.models.length ? list(u.models) : 'all'},
    {label: 'Spend / budget', value: u => budgetBar(u.spend, u.max_budget)},
  ],
  fields: row => [
    {label: 'User id', name: 'user_id', createOnly: true, hint: 'Empty: one is generated.'},
    {label: 'Alias', name: 'user_alias', value: row?.user_alias},
    {label: 'Email', name: 'user_email', type: 'email', value: row?.user_email},
    {label: 'Models', name: 'models', value: (row?.models || []).join(', '), hint: 'Comma-separated; empty: all.'},
    ...budgetFields(row),
  ],
});

export const customersView = crudView({
  slug: 'customer', one: 'customer', many: 'customers', title: 'Customers (end users)', list: '/customer/list',
  id: 'user_id', name: c => c.alias || c.user_id,
  flatten: c => ({...c, max_budget: c.litellm_budget_table?.max_budget ?? null,
    budget_duration: c.litellm_budget_table?.budget_duration ?? null}),
  intro: 'End users of your application, named per call by the x-imagegate-end-user header or the body’s user.',
  create: '/customer/new', update: '/customer/update', updateId: 'user_id',
  block: {on: '/customer/block', off: '/customer/unblock', body: id => ({user_ids: [id]})},
  remove: '/customer/delete', removeBody: id => ({user_ids: [id]}),
  columns: [
    {label: 'End user id', value: c => h('code', {}, c.user_id)},
    {label: 'Alias', value: c => c.alias},
    {label: 'Spend / budget', value: c => budgetBar(c.spend, c.max_budget)},
    {label: 'Blocked', value: c => c.blocked ? h('strong', {class: 'bad'}, 'blocked') : 'no'},
  ],
  fields: row => [
    {label: 'End user id', name: 'user_id', createOnly: true, required: true},
    {label: 'Alias', name: 'alias', value: row?.alias},
    ...budgetFields(row),
  ],
});
