// Event-day back-office pages on a phone (375×812), axe-clean: badge settings, presence,
// on-site registration, documents; a document generated as a background job, its progress bar
// turning into a download link that serves a PDF; a participant's electronic badge with its
// code (CHK-5, PRV-7, CHK-3, BO-7).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startAgora } from '../lib/server.mjs';
import { launch, axeViolations, formatViolations, screenshot } from '../lib/browser.mjs';

const PHONE = { width: 375, height: 812 };
const CLAIRE = { email: 'claire.mejean@conserverie-mejean.example.fr', password: 'rendez-vous-demo' };
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
  const match = (hrefs.find((h) => /^\/admin\/events\/\d+/.test(h)) ?? '').match(/\/admin\/events\/(\d+)/);
  assert.ok(match, 'an event link on the dashboard');
  return match[1];
}

/** The page has no horizontal scrolling at phone width. */
async function fitsThePhone(page, label) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${label}: no horizontal scrolling at 375 px (overflow ${overflow} px)`);
}

test('event-day back office on a phone: pages are accessible, a document job ends in a PDF', async () => {
  const { context, page } = await loggedIn(ADMIN);
  const eventId = await demoEventId(page);
  const base = `${server.base}/admin/events/${eventId}`;
  for (const [path, label, heading] of [
    ['/badges', 'badge settings', 'h1'],
    ['/presence', 'presence', 'h1'],
    ['/presence/onsite', 'on-site registration', 'h1'],
    ['/documents', 'documents', 'h1'],
  ]) {
    const response = await page.goto(`${base}${path}`);
    assert.equal(response.status(), 200, `${label} opens`);
    assert.ok((await page.locator(heading).count()) > 0, `${label} has a heading`);
    await assertAccessible(page, label);
    await fitsThePhone(page, label);
  }

  // Badges of every participant as a background job: the progress bar becomes a download link.
  await page.goto(`${base}/documents`);
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.click('#kind-badges form button[type=submit]'),
  ]);
  const link = page.locator('#job-list tbody tr').first().locator('a[href*="/file"]');
  await link.waitFor({ timeout: 180_000 });
  await screenshot(page, 'documents-job-done-375');
  await assertAccessible(page, 'documents with a finished job');
  const href = await link.getAttribute('href');
  const file = await page.request.get(`${server.base}${href}`);
  assert.equal(file.status(), 200);
  assert.match(file.headers()['content-type'] ?? '', /application\/pdf/);
  assert.equal((await file.body()).subarray(0, 5).toString(), '%PDF-');
  await context.close();
});

test('a participant shows the electronic badge on the phone', async () => {
  const admin = await loggedIn(ADMIN);
  const eventId = await demoEventId(admin.page);
  await admin.context.close();
  const { context, page } = await loggedIn(CLAIRE);
  const response = await page.goto(`${server.base}/me/events/${eventId}/badge`);
  assert.equal(response.status(), 200);
  const token = (await page.textContent('code.badge-token')).replace(/\s+/g, '');
  assert.match(token, /^\d{61}$/, 'the badge code is printed under the QR code');
  assert.ok((await page.locator('svg').count()) > 0, 'the QR code is drawn');
  await assertAccessible(page, 'electronic badge');
  await fitsThePhone(page, 'electronic badge');
  const pdf = await page.request.get(`${server.base}/me/events/${eventId}/badge.pdf`);
  assert.equal(pdf.status(), 200);
  assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
  await context.close();
});
