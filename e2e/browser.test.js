// End-to-end tests in a real browser: Debian's Chromium driven by playwright-core, against
// `bayanihan demo` on a random local port. Every page visited is checked with axe-core (no
// serious or critical violation), for its weight (< 50 KB transferred, compressed, stylesheet
// included) and for horizontal scrolling at 360 px. Screenshots of failures go to
// e2e/screenshots/.
'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { useDemo, newPage, visit, check, withShots, signIn, orgId } = require('./lib');

const ctx = useDemo();

test('a member orders in the open cycle and sees where the money goes', async () => {
  const page = await newPage();
  await withShots('member-orders', page, async () => {
    await visit(page, '/', 'landing');
    assert.match(await page.textContent('main'), /jun@demo\.bayanihan\.example/);
    await visit(page, '/organizations', 'directory');
    await signIn(page, 'jun@demo.bayanihan.example');
    await Promise.all([page.waitForNavigation(), page.click('main a[href^="/cycles/"]')]);
    await check(page, 'shop');
    await page.click('details summary');
    assert.match(await page.textContent('main'), /Where your money goes/);
    assert.match(await page.textContent('main'), /the producer gets ₱200\.00/);
    const form = page.locator('section.offer', { hasText: 'Organic brown rice' }).locator('form.order');
    await form.locator('input[name=quantity]').fill('2');
    await Promise.all([page.waitForNavigation(), form.locator('button').click()]);
    assert.match(await page.textContent('[role=status]'), /Added to your order/);
    // The basket on the same page: the line, its quantity to change, the running total.
    assert.match(await page.textContent('#basket'), /Organic brown rice/);
    assert.match(await page.textContent('#basket'), /Total/);
    await Promise.all([page.waitForNavigation(), page.click('[role=status] a')]);
    await check(page, 'my-order');
    assert.match(await page.textContent('main'), /Organic brown rice/);
  });
  await page.context().close();
});

test('the hub coordinator closes the cycle and sees allocations, a packing list and an invoice', async () => {
  const page = await newPage();
  await withShots('coordinator-closes', page, async () => {
    await signIn(page, 'marites@demo.bayanihan.example');
    const manage = page.locator('main a[href$="/manage"]', { hasText: 'open' }).first();
    await Promise.all([page.waitForNavigation(), manage.click()]);
    await check(page, 'manage');
    // Closing cannot be undone: the manage page leads to a confirmation saying what will happen.
    await Promise.all([page.waitForNavigation(), page.click('main a:has-text("Review and close the cycle")')]);
    await check(page, 'close-confirm');
    assert.match(await page.textContent('main'), /cannot be undone/);
    assert.match(await page.textContent('main'), /invoices? (is|are) issued/);
    await Promise.all([page.waitForNavigation(), page.click('main button:has-text("Close the cycle now")')]);
    await check(page, 'manage-closed');
    const text = await page.textContent('main');
    assert.match(text, /What each line asked and received/);
    assert.match(text, /Organic brown rice/);
    await Promise.all([page.waitForNavigation(), page.click('main a[href*="/packing?pickup_point="]')]);
    await check(page, 'packing-list');
    assert.match(await page.textContent('main'), /Packing list/);
    await page.goBack();
    await Promise.all([page.waitForNavigation(), page.click('main a[href*="/invoices/"]')]);
    await check(page, 'invoice');
    const invoice = await page.textContent('main');
    assert.match(invoice, /Total/);
    assert.match(invoice, /Invoice INV-\d{6}/, 'numbered at close');
    assert.match(invoice, /Not paid yet/);
    assert.match(invoice, /How to pay/);
    assert.match(invoice, /Per household/);
    const csv = await page.evaluate(async () => (await fetch('?format=csv')).text());
    assert.match(csv.split('\r\n')[0], /^\uFEFF?Product,Household,/);
    await page.goBack();
    await Promise.all([page.waitForNavigation(), page.click('main a[href*="/statements/"]')]);
    await check(page, 'statement');
    assert.match(await page.textContent('main'), /Statement/);
  });
  await page.context().close();
});

test('the member then sees what was allocated', async () => {
  const page = await newPage();
  await withShots('member-allocation', page, async () => {
    await signIn(page, 'jun@demo.bayanihan.example');
    const cycles = await (await fetch(ctx.base + '/api/v1/cycles')).json();
    const closed = cycles.filter((c) => c.status === 'closed' && c.name.includes('Week 10'));
    assert.equal(closed.length, 1, 'the cycle closed in the previous test');
    await visit(page, `/cycles/${closed[0].id}/my-order`, 'my-order-closed');
    const text = await page.textContent('main');
    assert.match(text, /Received/);
    assert.match(text, /There was enough|shared/);
  });
  await page.context().close();
});

test("a consumer group's coordinator sees the group's whole order", async () => {
  const page = await newPage();
  await withShots('group-order', page, async () => {
    await signIn(page, 'rosa@demo.bayanihan.example');
    const cycles = await (await fetch(ctx.base + '/api/v1/cycles')).json();
    const past = cycles.find((c) => c.status === 'closed' && c.name.includes('Week 9'));
    await visit(page, `/cycles/${past.id}`, 'shop-closed');
    await Promise.all([page.waitForNavigation(), page.click('main a[href*="/groups/"]')]);
    await check(page, 'group-order');
    const text = await page.textContent('main');
    assert.match(text, /Jun Villanueva/);
    assert.match(text, /Rosa Lim/);
  });
  await page.context().close();
});

test('pages in Filipino and Japanese', async () => {
  for (const [locale, lang, word] of [['fil-PH', 'fil', 'Direktoryo'], ['ja-JP', 'ja', '団体']]) {
    const page = await newPage(locale);
    await withShots(`lang-${lang}`, page, async () => {
      await visit(page, '/organizations', `directory-${lang}`);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      assert.match(await page.textContent('main'), new RegExp(word));
      await visit(page, '/signin', `sign-in-${lang}`);
    });
    await page.context().close();
  }
});

test('admins manage members, treasurers see money, stewards see their network, coordinators open a cycle', async () => {
  const kapatiran = await orgId('Kapatiran Rice Farmers Cooperative');
  const council = await orgId('Sinag Regional Solidarity Economy Council');
  const likha = await orgId('Likha Social Enterprise Hub');

  let page = await newPage();
  await withShots('admin-members', page, async () => {
    await signIn(page, 'rogelio@demo.bayanihan.example');
    await visit(page, `/organizations/${kapatiran}`, 'organization');
    await visit(page, `/organizations/${kapatiran}/members`, 'members');
    await page.fill('#m-email', 'new.farmer@demo.bayanihan.example');
    await page.fill('#m-name', 'Bagong Magsasaka');
    await Promise.all([page.waitForNavigation(), page.click('main form.stack button[type=submit]')]);
    assert.match(await page.textContent('[role=status]'), /The member is added/);
    assert.match(await page.textContent('main'), /Bagong Magsasaka/);
    await visit(page, `/organizations/${kapatiran}/money`, 'money');
    assert.match(await page.textContent('main'), /Balances/);
    await visit(page, `/organizations/${kapatiran}/impact`, 'impact-data');
    await page.fill('#j-fte', '2.5');
    await Promise.all([page.waitForNavigation(), page.click('main form[action$="/jobs"] button')]);
    assert.match(await page.textContent('[role=status]'), /Saved/);
  });
  await page.context().close();

  page = await newPage();
  await withShots('steward-network', page, async () => {
    await signIn(page, 'amihan@demo.bayanihan.example');
    await visit(page, `/organizations/${council}`, 'network-overview');
    assert.match(await page.textContent('main'), /organizations inside this network/);
    await visit(page, `/organizations?network=${council}&qualifier=organic`, 'directory-filtered');
    const text = await page.textContent('main');
    assert.match(text, /Kapatiran Rice Farmers Cooperative/);
    assert.doesNotMatch(text, /Midori Seikatsu/, 'not organic');
  });
  await page.context().close();

  page = await newPage();
  await withShots('coordinator-opens', page, async () => {
    await signIn(page, 'marites@demo.bayanihan.example');
    await visit(page, `/cycles/new?hub=${likha}`, 'new-cycle');
    await page.fill('#n-name', 'Week 11 — Likha weekly box');
    await page.fill('#n-pickup', 'Barangay Malaya hall');
    await page.check('input[name=producer] >> nth=0');
    await page.check('input[name=group] >> nth=0');
    await Promise.all([page.waitForNavigation(), page.click('main form.stack button[type=submit]')]);
    assert.match(page.url(), /\/manage$/);
    assert.match(await page.textContent('main'), /Week 11/);
  });
  await page.context().close();
});

test('a steward reads the impact report with its charts, and runs a clearing round', async () => {
  const ph = await orgId('Sinag Philippines');
  const year = new Date().getFullYear();
  const page = await newPage();
  await withShots('impact-and-clearing', page, async () => {
    await signIn(page, 'luz@demo.bayanihan.example');
    await visit(page, '/reports/tbl', 'report-choose');
    await visit(page, `/reports/tbl?scope=network:${ph}&period=${year}`, 'report');
    assert.equal(await page.locator('svg.chart').count() >= 4, true, 'money, trend, country and value-chain charts');
    const text = await page.textContent('main');
    assert.match(text, /Producer share of the consumer price/);
    assert.match(text, /Households reached/);
    await visit(page, `/reports/tbl?scope=network:${ph}&period=${year}-Q3`, 'report-quarter');

    await visit(page, `/networks/${ph}/clearing`, 'clearing');
    await Promise.all([page.waitForNavigation(), page.click('main form.order button[type=submit]')]);
    assert.match(page.url(), /\/clearing-rounds\//);
    await check(page, 'clearing-round');
    assert.match(await page.textContent('main'), /Liquidity saved/);
    // Applying cannot be undone: the steward ticks the confirmation beside the button.
    await page.check('main form[action$="/apply"] input[name=confirm]');
    await Promise.all([page.waitForNavigation(), page.click('main form[action$="/apply"] button')]);
    assert.match(await page.textContent('[role=status]'), /The round is applied/);
  });
  await page.context().close();
});

test('a network invites, and the invited co-op accepts in its own language', async () => {
  const tanah = await orgId('Tanah Subur Coffee Growers Cooperative');
  const himali = await orgId('Himali Organic Farmers Cooperative');

  // The steward of Sinag Philippines invites a Nepali co-op from its page.
  let page = await newPage();
  await withShots('network-invites', page, async () => {
    await signIn(page, 'luz@demo.bayanihan.example');
    await visit(page, `/organizations/${himali}`, 'organization-invite');
    assert.match(await page.textContent('main'), /Invite this organization into/);
    await Promise.all([page.waitForNavigation(), page.click('main form[action$="/links"] button')]);
    assert.match(await page.textContent('[role=status]'), /once the other side accepts/);
    await check(page, 'organization-invited');
  });
  await page.context().close();

  // The demo's pending invitation: Tanah's admin sees it in Bahasa Indonesia and accepts.
  page = await newPage('id-ID');
  await withShots('invitation-accepted', page, async () => {
    await signIn(page, 'sri@demo.bayanihan.example');
    await visit(page, `/organizations/${tanah}`, 'organization-invitation');
    const main = await page.textContent('main');
    assert.match(main, /diundang, menunggu admin organisasi/);
    await Promise.all([page.waitForNavigation(), page.click('main form[action$="/links"] button:has-text("Terima")')]);
    assert.match(await page.textContent('[role=status]'), /Tersimpan/);
    assert.doesNotMatch(await page.textContent('main'), /diundang/);
    assert.match(await page.textContent('main'), /Sinag Philippines — anggota/);
    // Leaving now asks for a confirmation first: the box is required.
    assert.ok(await page.$('main input[name=confirm][required]'));
  });
  await page.context().close();
});
