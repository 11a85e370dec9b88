// A hub's week in the pages, as its people would live it, at 360 px: a producer brings its
// products from a spreadsheet; a group's coordinator brings members in and invites one, who
// sets a password from the mail (received by a real local SMTP server) and orders in Filipino
// — a double tap leaves one line; the hub's coordinator builds a cycle from nothing, closes it
// after the confirmation, and the invoice is numbered; the group's treasurer records a payment
// and reverses it. Then every language and the error pages. Key pages are kept as screenshots.
'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { useDemo, newPage, visit, check, keep, withShots, navigate, signIn, orgId } = require('./lib');

const ctx = useDemo({ mail: true });
const journey = {};

test('a producer brings its products in from a spreadsheet, in Filipino', async () => {
  const kapatiran = await orgId('Kapatiran Rice Farmers Cooperative');
  const page = await newPage('fil-PH');
  await withShots('journey-products', page, async () => {
    await signIn(page, 'rogelio@demo.bayanihan.example');
    await visit(page, `/organizations/${kapatiran}/import?kind=products`, 'import');
    assert.equal(await page.getAttribute('html', 'lang'), 'fil');
    const csv = 'name;category;unit;unit_mass_kg;qualifiers\nMalagkit na bigas;rice;sako ng 5 kg;5;organic\nBad row;cars;sako;x;\n';
    await page.setInputFiles('#i-file', { name: 'produkto.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await navigate(page, () => page.click('main form.stack:last-of-type button[type=submit]'));
    await check(page, 'import-problems');
    const problems = await page.textContent('main');
    assert.match(problems, /unit_mass_kg/);
    assert.match(problems, /category/);
    // Fixed in the sheet: the dry run says what applying does; applying takes the ticked yes.
    const fixed = 'name;category;unit;unit_mass_kg;qualifiers\nMalagkit na bigas;rice;sako ng 5 kg;5;organic\n';
    await page.setInputFiles('#i-file', { name: 'produkto.csv', mimeType: 'text/csv', buffer: Buffer.from(fixed) });
    await navigate(page, () => page.click('main form.stack:last-of-type button[type=submit]'));
    await check(page, 'import-plan');
    await keep(page, '01-import-plan-fil');
    await page.check('input[name=confirm]');
    await navigate(page, () => page.click('main form.stack >> nth=0 >> button[type=submit]'));
    await check(page, 'import-done');
    await visit(page, `/organizations/${kapatiran}/products`, 'catalogue');
    assert.match(await page.textContent('main'), /Malagkit na bigas/);
  });
  await page.context().close();
});

test('a coordinator brings members in and invites one by e-mail; she comes in from the mail', async () => {
  const malaya = await orgId('Barangay Malaya Consumer Group');
  let page = await newPage();
  await withShots('journey-invite', page, async () => {
    await signIn(page, 'rosa@demo.bayanihan.example');
    await visit(page, `/organizations/${malaya}/import?kind=members`, 'import-members');
    const csv = 'email,name,role\nlorna@demo.bayanihan.example,Lorna Cruz,\nlolo.ben,Ben Cruz,\n';
    await page.setInputFiles('#i-file', { name: 'members.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await navigate(page, () => page.click('main form.stack:last-of-type button[type=submit]'));
    assert.match(await page.textContent('main'), /Applying will add 2/);
    await page.check('input[name=confirm]');
    await navigate(page, () => page.click('main form.stack >> nth=0 >> button[type=submit]'));
    assert.match(await page.textContent('main'), /Added 2/);
    await visit(page, `/organizations/${malaya}/members`, 'members');
    const row = page.locator('tr', { hasText: 'Lorna Cruz' });
    await navigate(page, () => row.locator('form[action$="/access"] button').click());
    await check(page, 'access-mailed');
    assert.match(await page.textContent('main'), /e-mailed to lorna@demo\.bayanihan\.example/);
    // Ben has no e-mail: a share link and a card to print.
    await visit(page, `/organizations/${malaya}/members`, 'members');
    const ben = page.locator('tr', { hasText: 'Ben Cruz' });
    await navigate(page, () => ben.locator('form[action$="/access"] button').click());
    await check(page, 'access-card');
    await keep(page, '02-access-card');
    assert.match(await page.textContent('main'), /lolo\.ben/);
    assert.equal(await page.locator('a[href^="https://wa.me/"]').count(), 1);
  });
  await page.context().close();

  const mail = ctx.smtp.mails.find((m) => m.to.includes('lorna@demo.bayanihan.example'));
  assert.ok(mail, 'the invitation reached the SMTP server');
  const link = mail.body.match(/https?:\/\/\S+\/join\/[0-9A-Z]{16}/);
  assert.ok(link, mail.body);
  page = await newPage('fil-PH');
  await withShots('journey-join', page, async () => {
    await visit(page, link[0], 'join');
    await keep(page, '03-join-fil');
    await page.fill('#j-password', 'isang mahabang pasword');
    await page.selectOption('#j-lang', 'fil');
    await navigate(page, () => page.click('main button[type=submit]'));
    assert.match(page.url(), /\/home/);
    assert.equal(await page.getAttribute('html', 'lang'), 'fil');
  });
  journey.lorna = page;
});

test('the hub builds a cycle from nothing and Lorna orders: a double tap leaves one line', async () => {
  const likha = await orgId('Likha Social Enterprise Hub');
  const kapatiran = await orgId('Kapatiran Rice Farmers Cooperative');
  const malaya = await orgId('Barangay Malaya Consumer Group');
  const page = await newPage();
  await withShots('journey-cycle', page, async () => {
    await signIn(page, 'marites@demo.bayanihan.example');
    await visit(page, `/cycles/new?hub=${likha}`, 'new-cycle');
    await page.fill('#n-name', 'Week 12 — the journey');
    await page.fill('#n-pickup', 'Barangay Malaya hall');
    await page.check(`input[name=producer][value="${kapatiran}"]`);
    await page.check(`input[name=group][value="${malaya}"]`);
    await navigate(page, () => page.click('main form.stack button[type=submit]'));
    assert.match(page.url(), /\/manage$/);
    await check(page, 'manage-open');
    journey.cycle = page.url().split('/')[4];
    // An offer of the product brought in from the spreadsheet, with a 10 % coordination fee.
    const option = await page.locator('#o-product option', { hasText: 'Malagkit na bigas' }).getAttribute('value');
    await page.selectOption('#o-product', option);
    await page.fill('#o-quantity', '30');
    await page.fill('#o-price', '1,250');
    await page.selectOption('#fk-1', 'coordination');
    await page.fill('#fa-1', '10');
    await page.selectOption('#fb-1', 'percent');
    await navigate(page, () => page.click('form[action$="/offers"] button[type=submit]'));
    await check(page, 'manage-offer-added');
    assert.match(await page.textContent('main'), /The offer is added/);
    assert.match(await page.textContent('main'), /30 available, 0 asked so far/);
    await keep(page, '04-manage-open');
  });
  journey.marites = page;

  const lorna = journey.lorna;
  await withShots('journey-order', lorna, async () => {
    await visit(lorna, `/cycles/${journey.cycle}`, 'shop-fil');
    const form = lorna.locator('section.offer', { hasText: 'Malagkit na bigas' }).locator('form.order');
    await form.locator('input[name=quantity]').fill('2');
    // A double tap on 3G: the same form sent twice.
    lorna.bytes.total = 0; lorna.bytes.responses = 0;
    await Promise.all([lorna.waitForNavigation(), form.locator('button').dblclick()]);
    await lorna.waitForLoadState('load');
    await check(lorna, 'shop-ordered');
    const lines = await (await fetch(`${ctx.base}/api/v1/cycles/${journey.cycle}/lines`, {
      headers: { cookie: (await lorna.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ') },
    })).json();
    assert.equal(lines.length, 1, 'one line');
    assert.equal(lines[0].quantity, 2, 'not 4: the second tap acted on nothing');
    // Changed from the basket on the same page.
    await lorna.fill('#basket input[name=quantity]', '3');
    await navigate(lorna, () => lorna.click('#basket button[type=submit]'));
    await check(lorna, 'shop-basket');
    assert.match(await lorna.textContent('#basket'), /Malagkit na bigas/);
    await keep(lorna, '05-basket-fil');
  });
});

test('the hub closes after the confirmation; the invoice is numbered; a payment is recorded and reversed', async () => {
  const page = journey.marites;
  await withShots('journey-close', page, async () => {
    await visit(page, `/cycles/${journey.cycle}/close`, 'close-confirm');
    await keep(page, '06-close-confirm');
    await navigate(page, () => page.click('main button:has-text("Close the cycle now")'));
    await check(page, 'manage-closed');
    await navigate(page, () => page.click('main a[href*="/invoices/"]'));
    await check(page, 'invoice');
    const text = await page.textContent('main');
    assert.match(text, /Invoice INV-\d{6}/);
    assert.match(text, /Lorna Cruz/, 'the split per household');
    await keep(page, '07-invoice');
  });
  await page.context().close();
  await journey.lorna.context().close();

  const malaya = await orgId('Barangay Malaya Consumer Group');
  const rosa = await newPage();
  await withShots('journey-pay', rosa, async () => {
    await signIn(rosa, 'rosa@demo.bayanihan.example');
    await visit(rosa, `/organizations/${malaya}/money`, 'money');
    const ob = rosa.locator('div.obligation', { hasText: 'Week 12' });
    const amount = ob.locator('input[name=amount]');
    assert.equal(await amount.inputValue(), '', 'the amount starts empty');
    await amount.fill('100');
    await ob.locator('input[name=confirm]').check();
    await navigate(rosa, () => ob.locator('button[type=submit]').click());
    await check(rosa, 'money-paid');
    assert.match(await rosa.textContent('[role=status]'), /The payment is recorded/);
    const paid = rosa.locator('.history li', { hasText: '₱100.00' }).first();
    await paid.locator('input[name=confirm]').check();
    await navigate(rosa, () => paid.locator('button.danger').click());
    await check(rosa, 'money-reversed');
    const text = await rosa.textContent('main');
    assert.match(text, /The payment is reversed/);
    assert.match(text, /Reversal of an earlier payment/);
    await keep(rosa, '08-money-reversed');
  });
  await rosa.context().close();
});

test('an admin keeps the books\' proof, reads the audit log and erases a member on request', async () => {
  const kapatiran = await orgId('Kapatiran Rice Farmers Cooperative');
  const page = await newPage();
  await withShots('journey-integrity', page, async () => {
    await signIn(page, 'rogelio@demo.bayanihan.example');
    // The day's signed checkpoint, to keep elsewhere.
    await visit(page, `/organizations/${kapatiran}/money`, 'money-admin');
    const href = await page.getAttribute('a[href$="/ledger/checkpoint"]', 'href');
    const checkpoint = await (await page.request.get(ctx.base + href)).json();
    assert.equal(checkpoint.organization, kapatiran);
    assert.ok(checkpoint.seq > 0 && /^[0-9a-f]{64}$/.test(checkpoint.hash) && checkpoint.signature.length > 80);
    // A farmer asked to be forgotten: the admin opens the form, ticks, erases.
    await visit(page, `/organizations/${kapatiran}/members`, 'members-admin');
    const row = page.locator('tr', { hasText: 'Lakan Garcia' });
    await row.locator('summary').click();
    await row.locator('form[action$="/erase"] input[name=confirm]').check();
    await keep(page, '10-erase-confirm');
    await navigate(page, () => row.locator('form[action$="/erase"] button').click());
    await check(page, 'members-erased');
    assert.match(await page.textContent('[role=status]'), /data was erased/);
    assert.doesNotMatch(await page.textContent('main'), /Lakan Garcia/);
    // The audit log says who did it, when and from where — not whom by name.
    await visit(page, `/organizations/${kapatiran}`, 'organization-admin');
    await navigate(page, () => page.click('main a[href$="/audit"]'));
    await check(page, 'audit');
    const log = await page.textContent('main');
    assert.match(log, /Personal data erased/);
    assert.match(log, /127\.0\.0\.1/);
    assert.doesNotMatch(log, /Lakan Garcia/);
    await keep(page, '11-audit');
    // And his own data, as a file.
    await visit(page, '/home', 'home-admin');
    const mine = await (await page.request.get(ctx.base + await page.getAttribute('a[href="/api/v1/me/data"]', 'href'))).json();
    assert.equal(mine.person.email, 'rogelio@demo.bayanihan.example');
  });
  await page.context().close();
});

test('a network brings its directory in from spreadsheets, members publish, the steward approves, the map shows them', async () => {
  const council = await orgId('Sinag Regional Solidarity Economy Council');
  const page = await newPage();
  await withShots('journey-directory', page, async () => {
    await signIn(page, 'amihan@demo.bayanihan.example');
    await visit(page, `/organizations/${council}/directory-import`, 'directory-import');
    const sheet = 'key,name,kind,country,currency,time_zone,region,lat,lon\n' +
      'PH-E2E-1,Samahang Bukid ng Pag-asa,producer_cooperative,PH,PHP,Asia/Manila,Benguet,16.41,120.6\n' +
      'PH-E2E-2,=HYPERLINK("x"),association,PH,PHP,Asia/Manila,Cebu,10.3,123.9\n';
    await page.setInputFiles('#d-orgs', { name: 'organizations.csv', mimeType: 'text/csv', buffer: Buffer.from(sheet) });
    await navigate(page, () => page.click('main form button[type=submit]'));
    // The job page reloads itself until the check is done.
    await page.waitForFunction(() => !document.querySelector('meta[http-equiv=refresh]'), null, { timeout: 20000 });
    await check(page, 'directory-plan');
    assert.match(await page.textContent('main'), /applying will add 2/);
    await keep(page, '12-directory-plan');
    await page.check('input[name=confirm]');
    await navigate(page, () => page.click('main form button[type=submit]'));
    await page.waitForFunction(() => !document.querySelector('meta[http-equiv=refresh]'), null, { timeout: 20000 });
    await check(page, 'directory-done');
    assert.match(await page.textContent('main'), /2 added/);
    // The directory reads back as a spreadsheet, its formula defused.
    const csv = await (await page.request.get(`${ctx.base}/organizations.csv?network=${council}`)).text();
    assert.match(csv, /PH-E2E-1,Samahang Bukid ng Pag-asa/);
    assert.match(csv, /'=HYPERLINK/);
  });
  await page.context().close();
  // Kapatiran's admin sees how it is published; the map and the region view show it.
  const kapatiran = await orgId('Kapatiran Rice Farmers Cooperative');
  const admin = await newPage();
  await withShots('journey-publish', admin, async () => {
    await signIn(admin, 'rogelio@demo.bayanihan.example');
    await visit(admin, `/organizations/${kapatiran}`, 'organization-admin-publish');
    await navigate(admin, () => admin.click('main a[href$="/publish"]'));
    await check(admin, 'publish');
    assert.match(await admin.textContent('main'), /Published/);
    await admin.fill('#p-web', 'https://kapatiran.coop.example/about');
    await navigate(admin, () => admin.click('main form.stack >> nth=0 >> button[type=submit]'));
    await check(admin, 'publish-saved');
    assert.equal(await admin.inputValue('#p-web'), 'https://kapatiran.coop.example/about');
    await keep(admin, '13-publish');
  });
  await admin.context().close();
  const visitor = await newPage();
  await withShots('journey-map', visitor, async () => {
    await visit(visitor, '/map', 'map');
    assert.ok(await visitor.locator(`svg a[href="/organizations/${kapatiran}"] circle[data-org="${kapatiran}"]`).count() === 1);
    await visit(visitor, '/map?country=PH', 'map-ph');
    await keep(visitor, '14-map-ph');
    await navigate(visitor, () => visitor.click(`svg a[href="/organizations/${kapatiran}"]`));
    assert.match(visitor.url(), new RegExp(`/organizations/${kapatiran}$`));
    await visit(visitor, '/map/territories?country=PH', 'territories');
    assert.match(await visitor.textContent('main'), /Nueva Ecija|Metro Manila|Bulacan/);
  });
  await visitor.context().close();
});

test('a Nepali co-op reads rupees as Nepali readers write them', async () => {
  const page = await newPage('ne-NP');
  await withShots('journey-ne', page, async () => {
    await signIn(page, 'pemba@demo.bayanihan.example');
    const himali = await orgId('Himali Organic Farmers Cooperative');
    await visit(page, `/organizations/${himali}/money`, 'money-ne');
    assert.equal(await page.getAttribute('html', 'lang'), 'ne');
    const text = await page.textContent('main');
    assert.match(text, /रु\u00a0[०-९,]+\.[०-९]{2}/, 'रु and Devanagari digits in lakh grouping');
    await keep(page, '09-money-ne');
  });
  await page.context().close();
});

test('a season: Jun reaches his share, tells the group he is away, reads his statement and wallet; Rosa tops his wallet up; the farm declares a harvest and publishes the next season', async () => {
  const page = await newPage();
  await withShots('season-member', page, async () => {
    await signIn(page, 'jun@demo.bayanihan.example');
    const home = await page.textContent('main');
    assert.match(home, /Your season shares/);
    await navigate(page, () => page.click('main a[href^="/seasons/"]'));
    await check(page, 'season');
    const text = await page.textContent('main');
    assert.match(text, /Wet-season rice 2026/);
    assert.match(text, /Your pledge for the season/);
    assert.match(text, /delivered and settled/);
    assert.match(text, /pledged of/, 'the round\'s progress, in aggregate');
    await page.selectOption('main select[name=delivery]', { index: 0 });
    await navigate(page, () => page.click('main form[action$="/absence"] button'));
    await check(page, 'season-absence');
    assert.match(await page.textContent('[role=status]'), /Your absence is noted/);
    assert.match(await page.textContent('main'), /Away on/);
    await keep(page, '10-season');
    await navigate(page, () => page.click('main a[href$="/statement"]'));
    await check(page, 'season-statement');
    assert.match(await page.textContent('main'), /Your share/);
    assert.match(await page.textContent('main'), /Shortfall/);
    await navigate(page, () => page.click('main a:has-text("Back to the season")'));
    await check(page, 'season-again');
    await navigate(page, () => page.click('main a[href$="/my-wallet"]'));
    await check(page, 'wallet');
    assert.match(await page.textContent('main'), /Earmarked/);
    assert.match(await page.textContent('main'), /₱500\.00/);
  });
  await page.context().close();

  const rosa = await newPage();
  await withShots('season-wallets', rosa, async () => {
    await signIn(rosa, 'rosa@demo.bayanihan.example');
    const malaya = await orgId('Barangay Malaya Consumer Group');
    await visit(rosa, `/organizations/${malaya}/wallets`, 'wallets');
    await rosa.selectOption('main select[name=person_id]', { label: 'Jun Villanueva' });
    await rosa.selectOption('main select[name=kind]', 'top_up');
    await rosa.fill('main input[name=amount]', '250.00');
    await rosa.check('main form[action$="/wallets"] input[name=confirm]');
    await navigate(rosa, () => rosa.click('main form[action$="/wallets"] button'));
    await check(rosa, 'wallets-recorded');
    assert.match(await rosa.textContent('[role=status]'), /The movement is recorded/);
    assert.match(await rosa.textContent('main'), /Jun Villanueva/);
  });
  await rosa.context().close();

  const farm = await newPage('fil-PH');
  await withShots('season-farm', farm, async () => {
    await signIn(farm, 'rogelio@demo.bayanihan.example');
    const kapatiran = await orgId('Kapatiran Rice Farmers Cooperative');
    await visit(farm, `/organizations/${kapatiran}/seasons`, 'seasons-fil');
    await navigate(farm, () => farm.click('main a[href^="/seasons/"]'));
    await check(farm, 'season-fil');
    assert.equal(await farm.getAttribute('html', 'lang'), 'fil');
    const harvest = farm.locator('main form[action$="/harvest"]').first();
    await harvest.locator('input[name=units]').fill('20');
    await harvest.locator('input[name=confirm]').check();
    await navigate(farm, () => harvest.locator('button').click());
    await check(farm, 'season-harvest-fil');
    assert.ok(await farm.locator('[role=status]').count() === 1, 'the harvest is declared');
    await visit(farm, `/seasons/new?hub=${kapatiran}`, 'season-new-fil');
    await farm.fill('#s-name', 'Tag-araw na bigas 2027');
    await farm.fill('#s-budget', '15000');
    await farm.fill('#s-kind1', 'Pampamilya');
    await farm.fill('#s-units1', '5');
    await farm.fill('#s-price1', '55');
    await farm.check('main input[name=group] >> nth=0');
    await navigate(farm, () => farm.click('main button[type=submit]'));
    await check(farm, 'season-published-fil');
    assert.match(farm.url(), /\/seasons\/[0-9a-f-]{36}$/);
    assert.match(await farm.textContent('main h1'), /Tag-araw na bigas 2027/);
  });
  await farm.context().close();
});

test('self-governance: Jun finds the open vote on his home page and votes; Amihan reads the assembly\'s log, the weighted tally and what was carried out, opens a decision in Nepali; Likha\'s shop names the decision that approved its prices', async () => {
  const page = await newPage();
  await withShots('governance-member', page, async () => {
    await signIn(page, 'jun@demo.bayanihan.example');
    assert.match(await page.textContent('main'), /Open votes/);
    await navigate(page, () => page.click('main a[href^="/decisions/"]'));
    await check(page, 'decision');
    const text = await page.textContent('main');
    assert.match(text, /Add a Sunday pickup/);
    assert.match(text, /Results are shown when the vote closes/);
    await page.check('main input[name=choice][value=agree]');
    await page.fill('main textarea[name=reason]', 'We work on Saturdays.');
    await page.check('main form[action$="/vote"] input[name=confirm]');
    await keep(page, '12-decision-ballot');
    await navigate(page, () => page.click('main form[action$="/vote"] button'));
    await check(page, 'decision-voted');
    assert.match(await page.textContent('[role=status]'), /Your ballot is in/);
    assert.equal(await page.locator('main form[action$="/vote"]').count(), 0, 'one ballot, no second form');
    await visit(page, '/home', 'home-after-vote');
    assert.doesNotMatch(await page.textContent('main'), /Add a Sunday pickup/);
  });
  await page.context().close();

  const steward = await newPage();
  await withShots('governance-steward', steward, async () => {
    await signIn(steward, 'amihan@demo.bayanihan.example');
    const council = await orgId('Sinag Regional Solidarity Economy Council');
    await visit(steward, `/organizations/${council}/decisions`, 'decisions');
    const log = await steward.textContent('main');
    assert.match(log, /Patronage refund 2026/);
    assert.match(log, /Blocked/);
    assert.match(log, /Producer.*40\.00 %/s);
    await navigate(steward, () => steward.click('main a:has-text("Patronage refund 2026")'));
    await check(steward, 'decision-closed');
    const result = await steward.textContent('main');
    assert.match(result, /Passed/);
    assert.match(result, /Weighted share/);
    assert.match(result, /carried out: reserve PHP 105944\.19/);
    assert.match(result, /Paper ballot at a meeting/);
    await keep(steward, '13-decision-result');
    await visit(steward, `/organizations/${council}/decisions`, 'decisions-again');
    await navigate(steward, () => steward.click('main a:has-text("Where to hold")'));
    await check(steward, 'decision-open-steward');
    assert.match(await steward.textContent('main'), /Record a ballot from a meeting/);
  });
  await steward.context().close();

  const nepali = await newPage('ne-NP');
  await withShots('governance-new-ne', nepali, async () => {
    await signIn(nepali, 'amihan@demo.bayanihan.example');
    const council = await orgId('Sinag Regional Solidarity Economy Council');
    await visit(nepali, `/organizations/${council}/decisions/new`, 'decision-new-ne');
    assert.equal(await nepali.getAttribute('html', 'lang'), 'ne');
    await nepali.fill('#d-title', 'Pickup day for 2027');
    await nepali.selectOption('#d-kind', 'poll');
    await nepali.fill('#d-options', 'Saturday\nSunday');
    await navigate(nepali, () => nepali.click('main button[type=submit]'));
    await check(nepali, 'decision-opened-ne');
    assert.match(nepali.url(), /\/decisions\/[0-9a-f-]{36}$/);
    assert.match(await nepali.textContent('main h1'), /Pickup day for 2027/);
  });
  await nepali.context().close();

  // Likha's members approved the open box's prices: its shop says so and leads to the
  // decision; the hub's coordinator can no longer change a price.
  const hub = await newPage();
  await withShots('governance-price-list', hub, async () => {
    await signIn(hub, 'marites@demo.bayanihan.example');
    const cycles = await (await fetch(ctx.base + '/api/v1/cycles')).json();
    const box = cycles.find((c) => c.name.includes('(demo, open)'));
    assert.ok(box && box.prices_approved_by, 'the open box has its prices approved');
    await visit(hub, `/cycles/${box.id}`, 'shop-prices-approved');
    assert.match(await hub.textContent('main'), /Prices and fees approved by a decision of the hub's members/);
    await navigate(hub, () => hub.click(`main a[href="/decisions/${box.prices_approved_by}"]`));
    await check(hub, 'decision-price-list');
    const text = await hub.textContent('main');
    assert.match(text, /Approve a cycle's prices and fees/);
    assert.match(text, /price list \(3 offer\(s\), prices and fees\) is approved/);
  });
  await hub.context().close();
});

test('a self-help group\'s book: Rosa reads Ilaw\'s year, sees the member in arrears, enters a meeting from the paper book (a refusal keeps her figures), in Filipino too; the bank officer reads the linkage file and not the book', async () => {
  const ilaw = await orgId("Ilaw Women's Self-Help Group");
  const page = await newPage();
  await withShots('book-rosa', page, async () => {
    await signIn(page, 'rosa@demo.bayanihan.example');
    assert.match(await page.textContent('main'), /Savings and loans books/);
    await navigate(page, () => page.click(`main a[href="/organizations/${ilaw}/book"]`));
    await check(page, 'book');
    const book = await page.textContent('main');
    assert.match(book, /Corpus/);
    assert.match(book, /PAR30/);
    assert.match(book, /Elena Bautista/);
    // Elena stopped repaying after three instalments: her row shows the days late.
    const elena = page.locator('tbody tr', { hasText: 'Elena Bautista' }).first();
    assert.ok(Number((await elena.locator('td').last().textContent()).trim()) > 90);
    await keep(page, '12-book');
    // The book as it stood in March: Elena was not late yet.
    await page.fill('#as_at', '2026-03-15');
    await navigate(page, () => page.click('main form[method=get] button'));
    await check(page, 'book-march');
    assert.match(await page.textContent('main'), /0\.00 %/);
    await visit(page, `/organizations/${ilaw}/book/meeting`, 'meeting-form');
    // From the paper book: last Sunday's meeting; Analyn takes out more than she has.
    const day = new Date(Date.now() - 3 * 86400000).toISOString().slice(0, 10);
    await page.fill('#held_on', day);
    const analyn = page.locator('fieldset', { hasText: 'Analyn Cruz' });
    await analyn.locator('input[name^=withdrawal_]').fill('99999');
    await page.check('input[name=confirm]');
    await navigate(page, () => page.click('main form.meeting button[type=submit]'));
    await check(page, 'meeting-refused');
    const refused = await page.textContent('[role=alert]');
    assert.match(refused, /Analyn Cruz — Withdrawal/);
    assert.equal(await analyn.locator('input[name^=withdrawal_]').inputValue(), '99999', 'her figures are kept');
    await analyn.locator('input[name^=withdrawal_]').fill('');
    await page.fill('#minutes', 'Entered from the paper book.');
    await page.check('input[name=confirm]');
    await navigate(page, () => page.click('main form.meeting button[type=submit]'));
    await check(page, 'meeting-recorded');
    assert.match(await page.textContent('[role=status]'), /recorded in the book/);
    assert.match(await page.textContent('main'), /Entered from the paper book/);
    await keep(page, '13-meeting');
  });
  await page.context().close();
  const fil = await newPage('fil-PH');
  await withShots('book-fil', fil, async () => {
    await signIn(fil, 'rosa@demo.bayanihan.example');
    await visit(fil, `/organizations/${ilaw}/book`, 'book-fil');
    assert.match(await fil.textContent('main'), /Sapilitang ipon/);
  });
  await fil.context().close();
  const officer = await newPage();
  await withShots('linkage-officer', officer, async () => {
    await signIn(officer, 'officer@demo.bayanihan.example');
    await navigate(officer, () => officer.click(`main a[href="/organizations/${ilaw}/linkage"]`));
    await check(officer, 'linkage');
    const file = await officer.textContent('main');
    assert.match(file, /Regular meetings/);
    assert.match(file, /check every figure/);
    await keep(officer, '14-linkage');
    await visit(officer, `/organizations/${ilaw}/book`, 'book-forbidden', 403);
  });
  await officer.context().close();
});

test('solidarity finance: Rosa records Ilaw\'s bank loan and repays it (too much is refused, her figure kept); Joel finds his investment from Japan and commits more in Japanese; Nena records the money received', async () => {
  const ilaw = await orgId("Ilaw Women's Self-Help Group");
  const kapatiran = await orgId('Kapatiran Rice Farmers Cooperative');
  const page = await newPage();
  await withShots('borrowing-rosa', page, async () => {
    await signIn(page, 'rosa@demo.bayanihan.example');
    await visit(page, `/organizations/${ilaw}/book`, 'book-before-loan');
    await navigate(page, () => page.click(`main a[href="/organizations/${ilaw}/book/borrowing"]`));
    await check(page, 'borrowing-form');
    await page.fill('#lender_name', 'Rural Bank of San Isidro');
    await page.fill('#principal', '20,000.00');
    await page.fill('#annual_rate', '12');
    await page.fill('#instalments', '6');
    await page.check('input[name=confirm]');
    await navigate(page, () => page.click('main form.order button[type=submit]'));
    await check(page, 'borrowing');
    assert.match(await page.textContent('[role=status]'), /recorded, with its schedule/);
    assert.match(await page.textContent('main'), /Rural Bank of San Isidro/);
    await page.fill('#amount', '999999');
    await page.check('input[name=confirm]');
    await navigate(page, () => page.click('main form.order button[type=submit]'));
    await check(page, 'borrowing-refused');
    assert.match(await page.textContent('[role=alert]'), /more than the group owes/);
    assert.equal(await page.inputValue('#amount'), '999999', 'her figure is kept');
    await page.fill('#amount', '1000');
    await page.check('input[name=confirm]');
    await navigate(page, () => page.click('main form.order button[type=submit]'));
    assert.match(await page.textContent('[role=status]'), /repayment is recorded/);
    await keep(page, '15-borrowing');
  });
  await page.context().close();
  const joel = await newPage();
  await withShots('investor-joel', joel, async () => {
    await signIn(joel, 'joel@demo.bayanihan.example');
    await navigate(joel, () => joel.click('main a[href="/me/investments"]'));
    await check(joel, 'my-investments');
    assert.match(await joel.textContent('main'), /rice dryer/);
    await navigate(joel, () => joel.click('main tbody a'));
    await check(joel, 'my-commitment');
    const mine = await joel.textContent('main');
    assert.match(mine, /¥300,000/);
    assert.match(mine, /0\.3871/);
    await keep(joel, '16-investor');
  });
  await joel.context().close();
  const ja = await newPage('ja-JP');
  await withShots('investor-ja', ja, async () => {
    await signIn(ja, 'joel@demo.bayanihan.example');
    await visit(ja, `/organizations/${kapatiran}/investment`, 'offers-ja');
    await navigate(ja, () => ja.click('main ul a'));
    await check(ja, 'offer-ja');
    await ja.fill('#amount', '20000');
    await ja.fill('#currency', 'JPY');
    await ja.fill('#fx_rate', '0.3871');
    await ja.check('input[name=confirm]');
    await navigate(ja, () => ja.click('main form.order button[type=submit]'));
    await check(ja, 'commitment-ja');
    assert.match(await ja.textContent('main'), /7,742/);
  });
  await ja.context().close();
  const nena = await newPage();
  await withShots('treasurer-nena', nena, async () => {
    await signIn(nena, 'nena@demo.bayanihan.example');
    await visit(nena, `/organizations/${kapatiran}/investment`, 'offers-nena');
    await navigate(nena, () => nena.click('main ul a'));
    await check(nena, 'offer-nena');
    assert.match(await nena.textContent('main'), /What the organization owes/);
    await navigate(nena, () => nena.click('main tbody a:has-text("Dante Villanueva")'));
    await check(nena, 'commitment-nena');
    await nena.check('input[name=confirm]');
    await navigate(nena, () => nena.click('main form.order button[type=submit]'));
    assert.match(await nena.textContent('[role=status]'), /recorded as received/);
    await keep(nena, '17-treasurer');
  });
  await nena.context().close();
});

test('every language, and the error pages, pass axe and the weight budget', async () => {
  for (const [locale, lang] of [['en-US', 'en'], ['fil-PH', 'fil'], ['id-ID', 'id'], ['ms-MY', 'ms'], ['ja-JP', 'ja'], ['ne-NP', 'ne']]) {
    const page = await newPage(locale);
    await withShots(`lang-all-${lang}`, page, async () => {
      await visit(page, '/', `landing-${lang}`);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      await visit(page, '/organizations', `directory-all-${lang}`);
      await visit(page, '/map', `map-${lang}`);
      await visit(page, '/forgot', `forgot-${lang}`);
      await visit(page, '/join', `join-code-${lang}`);
      // Error states: a page that is not there, a code that is not one, a link spent.
      await visit(page, '/no/such/page', `404-${lang}`, 404);
      await visit(page, '/join?code=not-a-code', `422-${lang}`, 422);
      await visit(page, '/join/0000000000000000', `gone-${lang}`, 404);
    });
    await page.context().close();
  }
  // A refusal: a member opening another organization's money page.
  const page = await newPage();
  await withShots('forbidden', page, async () => {
    await signIn(page, 'jun@demo.bayanihan.example');
    const kapatiran = await orgId('Kapatiran Rice Farmers Cooperative');
    await visit(page, `/organizations/${kapatiran}/money`, '403', 403);
  });
  await page.context().close();
});
