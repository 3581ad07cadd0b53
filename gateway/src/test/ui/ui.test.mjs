// End-to-end test of the admin web UI in Debian's Chromium (headless), driven by playwright-core.
// Usage: node ui.test.mjs <gateway-url> <master-key> <open-gateway-url> <screenshot-dir>
// Run by dev.imagegate.gateway.UiBrowserTest against real gateways (mock provider); prints one line per step and
// exits non-zero on the first failure.
import {chromium} from 'playwright-core';
import {mkdtempSync, rmSync, mkdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import assert from 'node:assert/strict';

const [base, masterKey, openBase, shots] = process.argv.slice(2);
if (!base || !masterKey || !openBase || !shots) {
  console.error('usage: node ui.test.mjs <gateway-url> <master-key> <open-gateway-url> <screenshot-dir>');
  process.exit(2);
}
const HOSTILE_ALIAS = '<img src=x onerror=alert(1)>';
const TIMEOUT = 20000;
mkdirSync(shots, {recursive: true});

const userDataDir = mkdtempSync(join(tmpdir(), 'imagegate-ui-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  viewport: {width: 1280, height: 900},
});
context.setDefaultTimeout(TIMEOUT);
const problems = [];

function watch(page, name) {
  page.on('dialog', dialog => {
    problems.push(`${name}: a JavaScript dialog opened (${dialog.message()}): user data ran as code`);
    dialog.dismiss().catch(() => {});
  });
  page.on('pageerror', e => problems.push(`${name}: uncaught error in the page: ${e.message}`));
  page.on('console', m => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(`${name}: console error: ${m.text()}`);
  });
  return page;
}

let step = 0;
async function check(title, body) {
  step++;
  try {
    await body();
    console.log(`ok ${step} - ${title}`);
  } catch (e) {
    console.log(`not ok ${step} - ${title}\n  ${String(e.stack || e).split('\n').join('\n  ')}`);
    throw e;
  }
}

/** Every form control on the page has a label (or an aria-label). */
async function assertLabelled(page, where) {
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button')]
    .filter(el => !el.closest('[hidden]'))
    .filter(el => el.tagName === 'BUTTON' ? !(el.textContent.trim() || el.getAttribute('aria-label'))
      : !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
    .map(el => el.outerHTML.slice(0, 80)));
  assert.deepEqual(unlabelled, [], `unlabelled controls on ${where}`);
}

async function signIn(page, url, key) {
  await page.goto(`${url}/ui`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', {name: 'Sign in'}).click();
  await page.getByRole('button', {name: 'Sign out'}).waitFor();
}

async function signOut(page) {
  await page.getByRole('button', {name: 'Sign out'}).click();
  await page.getByRole('heading', {name: 'Sign in'}).waitFor();
}

async function generate(page, prompt) {
  await page.getByRole('link', {name: 'Playground'}).click();
  await page.getByLabel('Prompt').fill(prompt);
  await page.getByLabel('Size').selectOption('256x256');
  await page.getByRole('button', {name: 'Generate', exact: true}).click();
}

let failed = false;
try {
  const page = watch(await context.newPage(), 'main');
  let secret;

  await check('/ redirects to the sign-in page of /ui', async () => {
    await page.goto(`${base}/`);
    assert.match(page.url(), /\/ui$/);
    await page.getByRole('heading', {name: 'Sign in'}).waitFor();
  });

  await check('a wrong key shows the API\'s message', async () => {
    await page.getByLabel('API key').fill('sk-not-a-key');
    await page.getByRole('button', {name: 'Sign in'}).click();
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').textContent(), /Authentication Error|Invalid|key/i);
  });

  await check('sign in with the master key by keyboard alone shows the admin pages', async () => {
    await page.goto(`${base}/ui`);
    await page.getByLabel('API key').waitFor();
    await page.locator('body').focus();
    for (let i = 0; i < 10 && !(await page.evaluate(() => document.activeElement?.id === 'signin-key')); i++) {
      await page.keyboard.press('Tab');
    }
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'signin-key', 'Tab reaches the key field');
    await page.keyboard.type(masterKey);
    await page.keyboard.press('Enter');
    await page.getByRole('button', {name: 'Sign out'}).waitFor();
    await assertLabelled(page, 'sign-in');
    for (const name of ['Keys', 'Teams', 'Users', 'Customers', 'Spend', 'Models', 'Playground']) {
      await page.getByRole('link', {name, exact: true}).waitFor();
    }
    await page.getByRole('heading', {name: 'Keys'}).waitFor();
    await page.getByRole('link', {name: 'Spend'}).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', {name: 'Spend'}).waitFor();
    await page.getByRole('link', {name: 'Keys'}).click();
  });

  await check('create a team, then a key whose alias is HTML; the secret is shown once with a copy button', async () => {
    await page.getByRole('link', {name: 'Teams'}).click();
    await page.getByRole('button', {name: 'New team'}).click();
    await page.getByLabel('Alias').fill('design');
    await page.getByRole('button', {name: 'Create'}).click();
    await page.getByRole('cell', {name: 'design', exact: true}).waitFor();

    await page.getByRole('link', {name: 'Keys'}).click();
    await page.getByRole('button', {name: 'Create key'}).click();
    const dialog = page.getByRole('dialog', {name: 'Create key'});
    await dialog.getByLabel('Alias').fill(HOSTILE_ALIAS);
    const team = await dialog.getByLabel('Team').locator('option', {hasText: 'design'}).getAttribute('value');
    await dialog.getByLabel('Team').selectOption(team);
    await dialog.getByLabel('Max budget (USD)').fill('5');
    await dialog.getByLabel('Requests per minute').fill('60');
    await dialog.getByRole('button', {name: 'Create'}).click();
    const shown = page.getByRole('dialog', {name: 'Key created'});
    await shown.getByRole('button', {name: 'Copy'}).waitFor();
    secret = (await shown.locator('output').textContent()).trim();
    assert.match(secret, /^sk-[A-Za-z0-9_-]{20,}$/);
    await shown.getByRole('button', {name: 'Done'}).click();
    await shown.waitFor({state: 'detached'});
    assert.equal(await page.getByText(secret).count(), 0, 'the secret is not shown again');
  });

  await check('the HTML alias is shown as text, never as markup', async () => {
    const cell = page.locator('td .alias', {hasText: HOSTILE_ALIAS});
    await cell.waitFor();
    assert.equal(await cell.textContent(), HOSTILE_ALIAS);
    assert.equal(await page.locator('img[src="x"]').count(), 0, 'no <img src=x> was created');
    await page.screenshot({path: join(shots, 'keys.png'), fullPage: true});
  });

  await check('edit a key; regenerate and delete another after confirming', async () => {
    await page.getByRole('button', {name: `Edit key ${HOSTILE_ALIAS}`}).click();
    const edit = page.getByRole('dialog');
    await assertLabelled(page, 'the key form');
    await edit.getByLabel('Requests per minute').fill('90');
    await edit.getByRole('button', {name: 'Save'}).click();
    await edit.waitFor({state: 'detached'});
    await page.getByRole('cell', {name: '90', exact: true}).waitFor();

    await page.getByRole('button', {name: 'Create key'}).click();
    await page.getByRole('dialog').getByLabel('Alias').fill('temporary');
    await page.getByRole('dialog').getByRole('button', {name: 'Create'}).click();
    const first = (await page.getByRole('dialog', {name: 'Key created'}).locator('output').textContent()).trim();
    await page.getByRole('button', {name: 'Done'}).click();
    await page.getByRole('button', {name: 'Regenerate key temporary'}).click();
    await page.getByRole('dialog', {name: 'Regenerate key'}).getByRole('button', {name: 'Regenerate'}).click();
    const renewed = page.getByRole('dialog', {name: 'New key'});
    const second = (await renewed.locator('output').textContent()).trim();
    assert.match(second, /^sk-/);
    assert.notEqual(second, first);
    await renewed.getByRole('button', {name: 'Done'}).click();
    await page.getByRole('button', {name: 'Delete key temporary'}).click();
    await page.getByRole('dialog', {name: 'Delete key'}).getByRole('button', {name: 'Cancel'}).click();
    await page.getByRole('button', {name: 'Delete key temporary'}).waitFor();
    await page.getByRole('button', {name: 'Delete key temporary'}).click();
    await page.getByRole('dialog', {name: 'Delete key'}).getByRole('button', {name: 'Delete'}).click();
    await page.getByRole('button', {name: 'Delete key temporary'}).waitFor({state: 'detached'});
  });

  await check('users and customers: create, block, delete', async () => {
    await page.getByRole('link', {name: 'Users'}).click();
    await page.getByRole('button', {name: 'New user'}).click();
    await page.getByRole('dialog').getByLabel('User id').fill('ann');
    await page.getByRole('dialog').getByLabel('Email').fill('ann@example.com');
    await page.getByRole('dialog').getByLabel('Max budget (USD)').fill('3');
    await page.getByRole('dialog').getByRole('button', {name: 'Create'}).click();
    await page.getByRole('cell', {name: 'ann@example.com', exact: true}).waitFor();
    assert.match(await page.locator('table').textContent(), /\$0\.00 of \$3\.00/);
    await page.getByRole('button', {name: 'Delete user ann@example.com'}).click();
    await page.getByRole('dialog').getByRole('button', {name: 'Delete'}).click();
    await page.getByText('No users yet.').waitFor();

    await page.getByRole('link', {name: 'Customers'}).click();
    await page.getByRole('button', {name: 'New customer'}).click();
    await page.getByRole('dialog').getByLabel('End user id').fill('shop-1');
    await page.getByRole('dialog').getByLabel('Alias').fill('Corner shop');
    await page.getByRole('dialog').getByRole('button', {name: 'Create'}).click();
    await page.getByRole('button', {name: 'Block customer Corner shop'}).click();
    await page.getByRole('button', {name: 'Unblock customer Corner shop'}).waitFor();
    assert.match(await page.locator('table').textContent(), /blocked/);
    await assertLabelled(page, 'customers');
  });

  await check('at 400 px wide the page fits and the key table scrolls inside its box', async () => {
    await page.getByRole('link', {name: 'Keys'}).click();
    await page.locator('td .alias').first().waitFor();
    await page.setViewportSize({width: 400, height: 800});
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(widths[0] <= widths[1], `page is ${widths[0]} px wide in a ${widths[1]} px window`);
    await page.getByRole('link', {name: 'Playground'}).waitFor();
    await page.screenshot({path: join(shots, 'keys-400.png')});
    await page.getByRole('button', {name: 'Create key'}).click();
    const box = await page.getByRole('dialog').boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 400, `the dialog fits: ${JSON.stringify(box)}`);
    await page.getByRole('dialog').getByRole('button', {name: 'Cancel'}).click();
    await page.setViewportSize({width: 1280, height: 900});
  });

  await check('the models page lists the group with its deployment, price, health and rpm use', async () => {
    await page.getByRole('link', {name: 'Models'}).click();
    await page.getByRole('heading', {name: /^demo/}).waitFor();
    const text = await page.locator('#view').textContent();
    assert.match(text, /mock\/imagegate-demo/);
    assert.match(text, /output cost per image: \$0\.04 \(this deployment\)/);
    assert.match(text, /healthy/);
    assert.match(text, /this minute/);
    await page.screenshot({path: join(shots, 'models.png'), fullPage: true});
  });

  await check('sign in with the new key; its page shows its budget; the playground generates an image', async () => {
    await signOut(page);
    await signIn(page, base, secret);
    await page.getByRole('heading', {name: 'My key'}).waitFor();
    assert.match(await page.locator('dl.facts').textContent(), /\$0\.00 of \$5\.00/);
    assert.equal(await page.getByRole('link', {name: 'Keys', exact: true}).count(), 0, 'no admin pages for a key');
    await generate(page, 'a lighthouse at dawn <b>bold?</b>');
    const image = page.locator('#result img').first();
    await image.waitFor();
    assert.ok(await image.evaluate(img => img.complete && img.naturalWidth > 0), 'the image decoded');
    const caption = await page.locator('#result figcaption').textContent();
    assert.match(caption, /a lighthouse at dawn <b>bold\?<\/b>/, 'the prompt is shown as text');
    assert.match(caption, /\$0\.04/);
    assert.match(caption, /\d+ ms/);
    assert.match(caption, /deployment [0-9a-f]+/);
    assert.equal(await page.locator('#gallery figure').count(), 1);
    await page.screenshot({path: join(shots, 'playground.png'), fullPage: true});
    await assertLabelled(page, 'playground');
  });

  await check('the call shows in the spend table and the chart', async () => {
    await signOut(page);
    await signIn(page, base, masterKey);
    await page.getByRole('link', {name: 'Spend'}).click();
    const row = page.locator('#spend-results td', {hasText: HOSTILE_ALIAS});
    for (let i = 0; i < 40 && !(await row.count()); i++) {
      await page.getByRole('button', {name: 'Apply'}).click();
      await page.getByRole('button', {name: 'Apply'}).waitFor({state: 'visible'});
      await page.waitForFunction(() => !document.querySelector('#progress:not([hidden])'));
    }
    await row.first().waitFor();
    assert.equal(await page.locator('#total-calls').textContent(), '1');
    assert.equal(await page.locator('#total-spend').textContent(), '$0.04');
    const bars = await page.locator('svg.chart rect.bar[data-day]').evaluateAll(
      rects => rects.filter(r => Number(r.getAttribute('height')) > 0).length);
    assert.equal(bars, 1, 'one day has a bar');
    const text = await page.locator('#spend-results table').textContent();
    assert.match(text, /demo/);
    assert.match(text, /success/);
    assert.match(text, /\$0\.04/);
    await page.screenshot({path: join(shots, 'spend.png'), fullPage: true});
    await assertLabelled(page, 'spend');
  });

  await check('spend filters narrow the calls', async () => {
    await page.getByLabel('End user').fill('nobody');
    await page.getByRole('button', {name: 'Apply'}).click();
    await page.getByText('No calls match these filters.').waitFor();
    assert.equal(await page.locator('#total-calls').textContent(), '0');
    await page.getByLabel('End user').fill('');
    const team = await page.getByLabel('Team').locator('option', {hasText: 'design'}).getAttribute('value');
    await page.getByLabel('Team').selectOption(team);
    await page.getByRole('button', {name: 'Apply'}).click();
    await page.locator('#spend-results td', {hasText: HOSTILE_ALIAS}).first().waitFor();
    assert.equal(await page.locator('#total-calls').textContent(), '1');
  });

  await check('CSV export downloads the filtered calls', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', {name: 'Export CSV'}).click()]);
    const path = await download.path();
    const csv = (await import('node:fs')).readFileSync(path, 'utf8');
    assert.match(csv.split('\r\n')[0], /^Time,Key,Model group,Deployment,Status,Latency,Cost,Attempts,End user/);
    assert.equal(csv.trim().split('\r\n').length, 2);
    assert.match(csv, /0\.04/);
  });

  await check('block the key in the admin tab; its next playground call fails with the API\'s message', async () => {
    const keyTab = watch(await context.newPage(), 'key tab');
    await signIn(keyTab, base, secret);
    await keyTab.getByRole('link', {name: 'Playground'}).click();
    await keyTab.getByLabel('Prompt').fill('after the block');
    await page.getByRole('link', {name: 'Keys'}).click();
    await page.getByRole('button', {name: `Block key ${HOSTILE_ALIAS}`}).click();
    await page.getByRole('button', {name: `Unblock key ${HOSTILE_ALIAS}`}).waitFor();
    assert.match(await page.locator('table').textContent(), /blocked/);
    await keyTab.getByRole('button', {name: 'Generate', exact: true}).click();
    const alert = keyTab.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /Key is blocked/);
    assert.equal(await keyTab.locator('#result img').count(), 0);
    await keyTab.close();
  });

  await check('a gateway without a master key says admin is disabled and why', async () => {
    const open = watch(await context.newPage(), 'open gateway');
    await open.goto(`${openBase}/ui`);
    const notice = open.getByRole('note');
    await notice.waitFor();
    const text = await notice.textContent();
    assert.match(text, /Admin is disabled/);
    assert.match(text, /master_key/);
    await open.getByRole('button', {name: 'Continue to models and playground'}).click();
    await open.getByRole('heading', {name: 'Models'}).waitFor();
    await open.close();
  });

  await check('no dialog, uncaught error or console error happened', async () => {
    assert.deepEqual(problems, []);
  });
} catch (e) {
  failed = true;
  if (problems.length) console.log(`  problems seen: ${problems.join(' | ')}`);
} finally {
  await context.close();
  rmSync(userDataDir, {recursive: true, force: true});
}
console.log(failed ? 'FAILED' : `PASSED ${step} checks`);
process.exit(failed ? 1 : 0);
