// Meetings journey on the demo event: a participant asks another for a meeting from the
// catalogue and picks a slot, the other accepts, the first confirms, and both see the meeting
// with its table in French and English; the calendar file carries the right time in the
// event's time zone. Then a second meeting left to the platform is placed by a scheduling run
// the organizer starts, watches and publishes, and both agendas show it. axe-core on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startAgora } from '../lib/server.mjs';
import { launch, axeViolations, formatViolations, screenshot } from '../lib/browser.mjs';

const SLUG = 'forum-france-maroc-2027';
const TIME_ZONE = 'Europe/Paris';
const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 800 };
const CLAIRE = { email: 'claire.mejean@conserverie-mejean.example.fr', password: 'rendez-vous-demo', name: 'Claire Méjean', company: 'Conserverie Méjean' };
const THOMAS = { email: 'thomas.vidal@semences-lirou.example.fr', password: 'rendez-vous-demo', name: 'Thomas Vidal', company: 'Semences Lirou' };
const CAMILLE = { email: 'camille.mas@irrigaia.example.fr', password: 'rendez-vous-demo', name: 'Camille Mas', company: 'Irrigaïa' };
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

async function submit(page, selector) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
}

async function loggedIn(person, { locale, viewport }) {
  const context = await browser.newContext({ viewport, locale });
  const page = await context.newPage();
  await page.goto(`${server.base}/login`);
  await page.fill('#email', person.email);
  await page.fill('#password', person.password);
  await submit(page, 'form[action^="/login"] button[type=submit]');
  assert.doesNotMatch(page.url(), /\/login/, `${person.email} is logged in`);
  return { context, page };
}

/** Asks `company` for a meeting with `person` from the catalogue; returns the event id. */
async function requestFromCatalogue(page, { company, person, booking }) {
  await page.goto(`${server.base}/${SLUG}/participants?q=${encodeURIComponent(company)}`);
  await submit(page, `h3 a:has-text("${company}")`);
  await submit(page, 'a[href$="/meet"]');
  await assertAccessible(page, `request form (${booking})`);
  await page.selectOption('#person', { label: person });
  await page.fill('#message', 'Bonjour, parlons export vers le Maroc.');
  if (booking === 'pick_slot') {
    await page.check('#booking-pick');
    await page.locator('input[name=slot]').first().check();
  } else {
    await page.check('#booking-schedule');
  }
  await submit(page, 'form[action$="/meet"] button[type=submit]');
  const match = page.url().match(/\/me\/events\/(\d+)\/requests/);
  assert.ok(match, `after sending, the requests page opens (${page.url()})`);
  return match[1];
}

async function answerFirst(page, eventId, action) {
  await page.goto(`${server.base}/me/events/${eventId}/requests`);
  await assertAccessible(page, `requests before ${action}`);
  await submit(page, `form[action$="/${action}"] button[type=submit]`);
}

/** The local "HH:MM" of an iCalendar UTC time such as 20270310T080000Z. */
function localClock(icsTime) {
  const m = icsTime.match(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/);
  assert.ok(m, `UTC time in the calendar file: ${icsTime}`);
  const at = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  return new Intl.DateTimeFormat('fr-FR', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' }).format(at);
}

// REQ: MTG-2, MTG-4, MTG-5, PRV-1, MTG-3
test('two participants agree on a meeting, and a scheduling run places another', async () => {
  const claire = await loggedIn(CLAIRE, { locale: 'fr-FR', viewport: PHONE });
  const thomas = await loggedIn(THOMAS, { locale: 'en-GB', viewport: PHONE });

  // Claire picks a slot; Thomas accepts; Claire confirms: the slot and a table are reserved.
  const eventId = await requestFromCatalogue(claire.page, { company: THOMAS.company, person: THOMAS.name, booking: 'pick_slot' });
  await answerFirst(thomas.page, eventId, 'accept');
  await answerFirst(claire.page, eventId, 'confirm');

  await claire.page.goto(`${server.base}/me/events/${eventId}/meetings`);
  const claireAgenda = await claire.page.textContent('main');
  assert.match(claireAgenda, /Thomas Vidal/);
  assert.match(claireAgenda, /Table/);
  await assertAccessible(claire.page, 'agenda fr');
  await screenshot(claire.page, 'agenda-fr-375');

  await thomas.page.goto(`${server.base}/me/events/${eventId}/meetings`);
  const thomasAgenda = await thomas.page.textContent('main');
  assert.match(thomasAgenda, /Claire Méjean/);
  assert.match(thomasAgenda, /Table/);
  assert.match(thomasAgenda, /agenda/i, 'the page is in English');
  await assertAccessible(thomas.page, 'agenda en');

  // The calendar file's time is the time the agenda shows, in the event's time zone.
  const ics = await (await claire.page.request.get(`${server.base}/me/events/${eventId}/agenda.ics`)).text();
  assert.match(ics, /BEGIN:VCALENDAR/);
  const start = ics.match(/DTSTART:(\d{8}T\d{6}Z)/);
  assert.ok(start, ics);
  assert.ok(claireAgenda.includes(localClock(start[1])), `agenda shows ${localClock(start[1])}`);

  // Camille asks Claire's company for a meeting and leaves the time to the platform.
  const camille = await loggedIn(CAMILLE, { locale: 'fr-FR', viewport: PHONE });
  await requestFromCatalogue(camille.page, { company: CLAIRE.company, person: CLAIRE.name, booking: 'schedule' });
  await answerFirst(claire.page, eventId, 'accept');
  await answerFirst(camille.page, eventId, 'confirm');

  // The organizer runs the scheduler, watches its progress, reviews and publishes.
  const admin = await loggedIn(ADMIN, { locale: 'fr-FR', viewport: DESKTOP });
  await admin.page.goto(`${server.base}/admin/events/${eventId}/scheduling`);
  await assertAccessible(admin.page, 'scheduling page');
  await admin.page.fill('#seconds', '1');
  await submit(admin.page, 'form[action$="/scheduling/start"] button[type=submit]');
  assert.ok(await admin.page.locator('#run-progress, #proposal').count() > 0, 'progress or proposal shown');
  await admin.page.waitForSelector('#publish', { timeout: 30_000 });
  // The booked meeting stays fixed (incremental run) and the new one is placed.
  assert.match(await admin.page.textContent('#figure-placed'), /2 \/ 2/);
  await assertAccessible(admin.page, 'scheduling proposal');
  admin.page.once('dialog', (dialog) => dialog.accept());
  await submit(admin.page, '#publish');
  assert.match(await admin.page.textContent('#publish-report'), /1/);

  for (const [who, count, partner] of [[claire, 2, 'Camille Mas'], [camille, 1, 'Claire Méjean']]) {
    await who.page.goto(`${server.base}/me/events/${eventId}/meetings`);
    const rows = await who.page.locator('table.meetings tbody tr').count();
    assert.equal(rows, count, 'the published meeting is in the agenda');
    assert.match(await who.page.textContent('main'), new RegExp(partner));
  }
  await camille.context.close();
  // Every other meetings page of the back office and of the private area passes axe too,
  // on a phone for the participant and on a desktop for the organizer.
  for (const tab of ['sessions', 'meeting-settings', 'requests', 'grid', 'experts', 'messages']) {
    await admin.page.goto(`${server.base}/admin/events/${eventId}/${tab}`);
    assert.equal(await admin.page.locator('h1').count() > 0, true, tab);
    await assertAccessible(admin.page, `admin ${tab}`);
  }
  for (const path of ['availability', 'messages']) {
    await claire.page.goto(`${server.base}/me/events/${eventId}/${path}`);
    await assertAccessible(claire.page, `participant ${path}`);
  }
  await claire.page.goto(`${server.base}/${SLUG}/experts`);
  await assertAccessible(claire.page, 'public experts list');
  await claire.context.close();
  await thomas.context.close();
  await admin.context.close();
});
