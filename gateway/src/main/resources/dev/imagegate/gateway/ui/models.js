// Models: every group and deployment with provider, prices, lifecycle, cooldown and health, and rpm use.
import {get} from './api.js';
import {h, replace, table, busy, showError, usd} from './dom.js';

const LIFECYCLE = ['lifecycle', 'status', 'deprecation_date', 'deprecated', 'shutdown_date', 'replacement'];

function provider(params) {
  if (params.custom_llm_provider) return params.custom_llm_provider;
  const model = params.model || '';
  return model.includes('/') ? model.slice(0, model.indexOf('/')) : 'openai';
}

const SHOWN_PRICES = 6;

/** The deployment's own prices (they win), then the catalogue's: per image by quality|size, per token, per pixel. */
function prices(info) {
  const own = Object.entries(info).filter(([name, value]) => /cost|price/.test(name) && name !== 'catalogue_prices'
    && value !== null && typeof value !== 'object').map(([name, value]) => `${name.replace(/_/g, ' ')}: ${usd(value)}`);
  const table = info.catalogue_prices || {};
  const catalogue = [
    ...Object.entries(table.per_image || {}).map(([key, value]) => `${key.replace('|', ' ').replace('*', 'any')}: ${usd(value)}/image`),
    ...Object.entries(table.per_token || {}).filter(([, v]) => v !== null)
      .map(([meter, value]) => `${meter.replace(/_/g, ' ')}: ${usd(value)}/token`),
    ...(table.per_pixel ? [`${usd(table.per_pixel)}/pixel`] : []),
  ];
  if (!own.length && !catalogue.length) return h('span', {class: 'bad'}, 'unpriced');
  return h('ul', {class: 'plain'},
    own.map(text => h('li', {}, text, h('small', {}, ' (this deployment)'))),
    catalogue.slice(0, own.length ? 0 : SHOWN_PRICES).map(text => h('li', {}, text)),
    !own.length && catalogue.length > SHOWN_PRICES
      ? h('li', {}, h('small', {}, `and ${catalogue.length - SHOWN_PRICES} more in the catalogue`)) : null);
}

function lifecycle(info) {
  const entries = LIFECYCLE.filter(name => info[name] !== undefined && info[name] !== null)
    .map(name => `${name.replace(/_/g, ' ')}: ${typeof info[name] === 'object' ? JSON.stringify(info[name]) : info[name]}`);
  return entries.length ? entries.join('; ') : 'current';
}

function capabilities(info) {
  const c = info.capabilities;
  if (!c) return null;
  const show = v => (v === 'any' ? 'any' : Array.isArray(v) && v.length ? v.join(', ')
    : v && v.rule ? v.rule : 'not taken');
  return h('ul', {class: 'plain'}, h('li', {}, `n: ${c.n.min}–${c.n.max}`), h('li', {}, `sizes: ${show(c.sizes)}`),
    h('li', {}, `quality: ${show(c.qualities)}`));
}

export async function modelsView(root) {
  const errors = h('div');
  const box = h('div');
  const refresh = h('button', {type: 'button'}, 'Refresh');
  replace(root, h('div', {class: 'title-row'}, h('h1', {id: 'page-title'}, 'Models'), h('div', {class: 'actions'}, refresh)),
    h('p', {class: 'hint'}, 'Health is a cheap check (cooldowns and whether the endpoint accepts connections); it never '
      + 'pays for a generation. Requests are counted per clock minute.'), errors, box);

  async function load() {
    const [info, health] = await Promise.all([get('/v1/model/info'), get('/health')]);
    const state = new Map();
    for (const e of health.healthy_endpoints) state.set(e.id, {ok: true, ...e});
    for (const e of health.unhealthy_endpoints) state.set(e.id, {ok: false, ...e});
    const groups = new Map();
    for (const d of info.data) {
      if (!groups.has(d.model_name)) groups.set(d.model_name, []);
      groups.get(d.model_name).push(d);
    }
    replace(box, [...groups].map(([name, deployments]) => h('section', {class: 'group'},
      h('h2', {}, name, h('span', {class: 'hint'}, ` · ${deployments.length} deployment${deployments.length === 1 ? '' : 's'}`)),
      table([
        {label: 'Deployment', value: d => h('code', {}, d.model_info.id)},
        {label: 'Model', value: d => d.litellm_params.model},
        {label: 'Provider', value: d => provider(d.litellm_params)},
        {label: 'Prices', value: d => prices(d.model_info)},
        {label: 'Takes', value: d => capabilities(d.model_info)},
        {label: 'Lifecycle', value: d => lifecycle(d.model_info)},
        {label: 'Health', value: d => {
          const s = state.get(d.model_info.id);
          if (!s) return 'unknown';
          return s.ok ? h('span', {class: 'good'}, `healthy: ${s.check || 'ok'}`)
            : h('span', {class: 'bad'}, `${/cooling down/.test(s.error) ? 'cooling down' : 'unhealthy'}: ${s.error}`);
        }},
        {label: 'RPM use', className: 'num', value: d => {
          const s = state.get(d.model_info.id);
          if (!s) return null;
          return `${s.requests_this_minute ?? 0}${s.rpm ? ` / ${s.rpm}` : ''} this minute, ${s.in_flight ?? 0} in flight`;
        }},
      ], deployments, {caption: `Deployments of ${name}`}))));
    if (!groups.size) replace(box, h('p', {class: 'empty'}, 'No models are available to this key.'));
  }

  refresh.onclick = () => busy(refresh, errors, load);
  await busy(null, errors, load).catch(e => showError(errors, e));
}
