// Playground: pick a model group, write a prompt, choose n/size/quality from the model's capabilities, generate.
import {call, get} from './api.js';
import {h, replace, field, busy, usd, formValues, showError} from './dom.js';

const COMMON_SIZES = ['1024x1024', '1536x1024', '1024x1536', '1792x1024', '1024x1792', '512x512', '256x256', 'auto'];
const COMMON_QUALITIES = ['auto', 'standard', 'hd', 'low', 'medium', 'high'];

/** The results generated since sign-in (in this tab's memory only). */
const gallery = [];

export function clearGallery() {
  gallery.length = 0;
}

/** The capabilities of a group: what every one of its deployments takes (the first one's list when they differ). */
function capabilitiesOf(deployments) {
  const all = deployments.map(d => d.model_info.capabilities).filter(Boolean);
  if (!all.length) return {n: {min: 1, max: 10}, sizes: 'any', qualities: 'any'};
  return {
    n: {min: Math.max(...all.map(c => c.n.min)), max: Math.min(...all.map(c => c.n.max))},
    sizes: all[0].sizes,
    qualities: all[0].qualities,
  };
}

function choices(allowed, common) {
  if (allowed === 'any') return [['', 'default'], ...common.map(v => [v, v])];
  if (Array.isArray(allowed) && allowed.length) return [['', 'default'], ...allowed.map(v => [v, v])];
  if (allowed && allowed.rule) {
    const examples = allowed.examples && allowed.examples.length ? allowed.examples : common;
    return [['', 'default'], ...examples.map(v => [v, v])];
  }
  return null; // not taken by this model
}

function mime(b64) {
  if (b64.startsWith('/9j/')) return 'image/jpeg';
  if (b64.startsWith('UklGR')) return 'image/webp';
  if (b64.startsWith('R0lGOD')) return 'image/gif';
  return 'image/png';
}

export async function playgroundView(root) {
  const errors = h('div');
  const form = h('form', {class: 'playground', novalidate: true, 'aria-label': 'Generate images'});
  const result = h('div', {id: 'result', 'aria-live': 'polite'});
  const galleryBox = h('div', {class: 'gallery', id: 'gallery'});
  replace(root, h('h1', {id: 'page-title'}, 'Playground'), form, errors, result,
    h('h2', {}, 'Generated since sign-in'), galleryBox);
  renderGallery(galleryBox);

  const info = await busy(null, errors, () => get('/v1/model/info'));
  if (!info) return;
  const groups = new Map();
  for (const d of info.data) {
    if (!groups.has(d.model_name)) groups.set(d.model_name, []);
    groups.get(d.model_name).push(d);
  }
  if (!groups.size) {
    replace(form, h('p', {class: 'empty'}, 'No models are available to this key.'));
    return;
  }
  const options = h('div', {class: 'grid'});
  const modelField = field({label: 'Model group', name: 'model', type: 'select', options: [...groups.keys()]});
  const prompt = field({label: 'Prompt', name: 'prompt', type: 'textarea', rows: 3, required: true,
    placeholder: 'a lighthouse at dawn, watercolor'});
  const generate = h('button', {type: 'submit', class: 'primary', id: 'generate'}, 'Generate');
  replace(form, h('div', {class: 'grid'}, modelField), prompt, options, h('div', {class: 'actions'}, generate));

  function renderOptions() {
    const caps = capabilitiesOf(groups.get(form.elements.model.value));
    const sizes = choices(caps.sizes, COMMON_SIZES);
    const qualities = choices(caps.qualities, COMMON_QUALITIES);
    replace(options,
      field({label: 'Images (n)', name: 'n', type: 'number', min: caps.n.min, max: caps.n.max, step: 1, value: 1,
        hint: `${caps.n.min}–${caps.n.max}`}),
      sizes ? field({label: 'Size', name: 'size', type: 'select', options: sizes}) : null,
      qualities ? field({label: 'Quality', name: 'quality', type: 'select', options: qualities}) : null);
  }
  form.elements.model.addEventListener('change', renderOptions);
  renderOptions();

  form.addEventListener('submit', async event => {
    event.preventDefault();
    const v = formValues(form);
    if (!v.prompt) {
      showError(errors, new Error('Write a prompt first.'));
      form.elements.prompt.focus();
      return;
    }
    const body = {model: v.model, prompt: v.prompt, n: Number(v.n || 1), response_format: 'b64_json'};
    if (v.size) body.size = v.size;
    if (v.quality) body.quality = v.quality;
    const started = performance.now();
    const ticker = h('p', {class: 'working', role: 'status'}, 'Generating…');
    replace(result, ticker);
    const timer = setInterval(() => {
      ticker.textContent = `Generating… ${((performance.now() - started) / 1000).toFixed(1)} s`;
    }, 100);
    try {
      await busy(generate, errors, async () => {
        const answer = await call('POST', '/v1/images/generations', body);
        const entry = {
          prompt: v.prompt, model: v.model, size: v.size || 'default', quality: v.quality || 'default',
          cost: answer.headers.get('x-imagegate-response-cost'),
          deployment: answer.headers.get('x-imagegate-model-id'),
          latencyMs: Math.round(performance.now() - started),
          images: (answer.body.data || []).map(d => d.b64_json ? `data:${mime(d.b64_json)};base64,${d.b64_json}` : d.url),
          revised: (answer.body.data || []).map(d => d.revised_prompt).filter(Boolean),
        };
        gallery.unshift(entry);
        replace(result, card(entry, true));
        renderGallery(galleryBox);
      });
    } finally {
      clearInterval(timer);
      if (result.firstChild === ticker) replace(result);
    }
  });
}

function card(entry, large) {
  return h('figure', {class: large ? 'result large' : 'result'},
    h('div', {class: 'images'}, entry.images.map((src, i) => h('img', {src, alt: `Image ${i + 1} for: ${entry.prompt}`,
      loading: 'lazy'}))),
    h('figcaption', {},
      h('span', {class: 'prompt'}, entry.prompt),
      h('span', {class: 'meta'}, `${entry.model} · ${entry.size} · ${entry.quality} · `,
        h('span', {class: 'cost'}, entry.cost === null ? 'cost unknown' : usd(entry.cost)), ` · ${entry.latencyMs} ms · `,
        'deployment ', h('code', {}, entry.deployment || '—')),
      entry.revised.length ? h('span', {class: 'meta'}, `Revised prompt: ${entry.revised.join(' / ')}`) : null));
}

function renderGallery(box) {
  if (!gallery.length) {
    replace(box, h('p', {class: 'empty'}, 'Nothing yet.'));
    return;
  }
  replace(box, gallery.map(entry => card(entry, false)));
}
