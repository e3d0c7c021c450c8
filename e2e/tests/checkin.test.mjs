// Check-in desk on the demo event, on a phone (375×812): check-in by search and one tap;
// a handheld scanner typing a participant's badge code and Enter; offline scans kept on the
// device with a visible pending counter, sent when the network returns and counted once;
// axe-core on the desk and the counters page (CHK-2, CHK-4).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startAgora } from '../lib/server.mjs';
import { launch, axeViolations, formatViolations, screenshot } from '../lib/browser.mjs';

const PHONE = { width: 375, height: 812 };
const CLAIRE = { email: 'claire.mejean@conserverie-mejean.example.fr', password: 'rendez-vous-demo', name: 'Claire Méjean' };
const THOMAS = { name: 'Thomas Vidal' };
const CAMILLE = { email: 'camille.mas@irrigaia.example.fr', password: 'rendez-vous-demo', name: 'Camille Mas' };
const ADMIN = { email: 'admin@agora-demo.example', password: 'demo-administrateur-principal' };

let server;
let browser;

before(async () => {
  server = await startAgora({ demo: true });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function assertAccessible(page, label) {
  const violations = await axeViolations(page);
  assert.equal(violations.length, 0, formatViolations(label, page.url(), violations));
}

async function loggedIn(person, locale = 'fr-FR') {
  const context = await browser.newContext({ viewport: PHONE, locale });
  const page = await context.newPage();
  await page.goto(`${server.base}/login`);
  await page.fill('#email', person.email);
  await page.fill('#password', person.password);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form[action^="/login"] button[type=submit]')]);
  assert.doesNotMatch(page.url(), /\/login/, `${person.email} is logged in`);
  return { context, page };
}

async function demoEventId(page) {
  await page.goto(`${server.base}/admin`);
  const hrefs = await page.locator('a[href^="/admin/events/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  const href = hrefs.find((h) => /^\/admin\/events\/\d+/.test(h)) ?? '';
  const match = href.match(/\/admin\/events\/(\d+)/);
  assert.ok(match, `an event link on the dashboard (${href})`);
  return match[1];
}

async function rowOf(page, name) {
  await page.fill('#filter', name.split(' ')[0]);
  const row = page.locator('#roster li:visible', { hasText: name });
  assert.equal(await row.count(), 1, `one visible line for ${name}`);
  return row;
}

test('check-in desk on a phone: list, scanner, offline queue, counters', async (t) => {
  const { context, page } = await loggedIn(ADMIN);
  const eventId = await demoEventId(page);
  const desk = `${server.base}/admin/events/${eventId}/checkin`;
  await page.goto(desk);
  await page.fill('#station', 'Entrée principale');
  await page.click('#station-save');
  await assertAccessible(page, 'check-in desk');
  const before = parseInt(await page.textContent('#present-count'), 10);

  // Search and one tap.
  const claire = await rowOf(page, CLAIRE.name);
  await claire.locator('.tap-form button').click();
  await page.waitForSelector('#answer.answer-admitted');
  assert.equal((await page.textContent('#answer-name')).trim(), CLAIRE.name);
  const badgeLink = await page.getAttribute('#answer .answer-badge a', 'href');
  assert.match(badgeLink, new RegExp(`^/admin/events/${eventId}/participants/\\d+/badge$`), 'the answer links to the badge page');
  assert.match(await claire.textContent(), /Présent/);
  assert.equal(parseInt(await page.textContent('#present-count'), 10), before + 1);
  await screenshot(page, 'checkin-admitted-375');
  await assertAccessible(page, 'check-in desk with an answer');

  // A second tap: already checked in, with the time and station of the first one.
  await page.reload();
  const again = await rowOf(page, CLAIRE.name);
  assert.equal(await again.locator('.tap-form').count(), 0, 'no tap button for someone present');

  // Handheld scanner: a code that is not a badge is refused, and the field keeps the focus.
  await page.focus('#scan-code');
  await page.keyboard.type('4242424242');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#answer.answer-refused');
  assert.match(await page.textContent('#answer'), /badge/i);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'scan-code', 'focus stays on the scanner field');

  // Handheld scanner: the badge code typed into the focused field, then Enter.
  const camille = await loggedIn(CAMILLE);
  const badge = await camille.page.goto(`${server.base}/me/events/${eventId}/badge`);
  assert.ok(badge && badge.ok(), 'the participant sees their electronic badge');
  {
    const token = (await camille.page.textContent('code.badge-token')).replace(/\s+/g, '');
    await page.focus('#scan-code');
    await page.keyboard.type(token);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#answer.answer-admitted');
    assert.equal((await page.textContent('#answer-name')).trim(), CAMILLE.name);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'scan-code', 'focus back on the scanner field');
    await page.keyboard.type(token);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#answer.answer-already');
    assert.match(await page.textContent('#answer-detail'), /Entrée principale/);
  }
  await camille.context.close();

  // Offline: two taps kept on the device, then sent once the network returns.
  const present = parseInt(await page.textContent('#present-count'), 10);
  await context.setOffline(true);
  const thomas = await rowOf(page, THOMAS.name);
  await thomas.locator('.tap-form button').click();
  await page.waitForSelector('#answer.answer-queued');
  const second = page.locator('#roster li.is-absent', { hasNotText: THOMAS.name }).first();
  await page.fill('#filter', '');
  await second.locator('.tap-form button').click();
  await page.waitForSelector('#pending:not([hidden])');
  assert.equal((await page.textContent('#pending-count')).trim(), '2');
  await screenshot(page, 'checkin-offline-375');
  await context.setOffline(false);
  await page.waitForSelector('#pending', { state: 'hidden', timeout: 15000 });
  assert.equal(parseInt(await page.textContent('#present-count'), 10), present + 2);

  // Counted once: the server's counters agree after a reload.
  await page.reload();
  assert.equal(parseInt(await page.textContent('#present-count'), 10), present + 2);
  await page.goto(`${desk}/counters`);
  assert.equal(parseInt(await page.textContent('#count-present'), 10), present + 2);
  await assertAccessible(page, 'check-in counters');
  await screenshot(page, 'checkin-counters-375');
  await context.close();
});
