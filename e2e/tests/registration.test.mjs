// Registration journey at phone width on the demo event: a company registers with two people
// and two offers, a co-organizer validates it, and it is found in the catalogue by an
// accent-insensitive search in French and English. axe-core on every page met.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startAgora } from '../lib/server.mjs';
import { launch, axeViolations, formatViolations, screenshot } from '../lib/browser.mjs';

const SLUG = 'forum-france-maroc-2027';
const PHONE = { width: 375, height: 812 };
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

// REQ: REG-2, REG-8, PUB-4, PUB-5, PUB-6, BO-3
test('a company registers on a phone, is validated and appears in the catalogue', async () => {
  const context = await browser.newContext({ viewport: PHONE, locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto(`${server.base}/${SLUG}`);
  await submit(page, `a[href="/${SLUG}/register"]`);
  await assertAccessible(page, 'register form');

  // A first attempt without consent comes back with the error and the values kept.
  await page.fill('#company_name', 'Éco-Emballages Sétois');
  await page.selectOption('#country', 'FR');
  await page.fill('#city', 'Sète');
  await page.selectOption('#sector', 'agrifood');
  await page.fill('#description_fr', 'Emballages biodégradables pour la conserverie et l’épicerie fine.');
  await page.fill('#p0_first_name', 'Inès');
  await page.fill('#p0_last_name', 'Garrigue');
  await page.fill('#p0_email', 'ines.garrigue@eco-emballages.example');
  await page.fill('#password', 'barquettes en fibre de canne');
  await page.fill('#password_confirm', 'barquettes en fibre de canne');
  await page.fill('#p1_first_name', 'Hugo');
  await page.fill('#p1_last_name', 'Marty');
  await page.fill('#p1_email', 'hugo.marty@eco-emballages.example');
  await page.selectOption('#o0_kind', 'offer');
  await page.fill('#o0_title', 'Barquettes biodégradables');
  await page.fill('#o0_keywords', 'emballage, biodégradable, conserverie');
  await page.selectOption('#o1_kind', 'request');
  await page.fill('#o1_title', 'Distributeur au Maroc');
  await page.setInputFiles('#o0_files', {
    name: 'fiche-barquettes.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n% Barquettes\n%%EOF\n'),
  });
  await submit(page, 'form[action*="/register?"] button[type=submit]');
  assert.match(await page.textContent('#consent-error'), /accepter la notice/);
  assert.equal(await page.inputValue('#company_name'), 'Éco-Emballages Sétois');
  assert.match(await page.textContent('.attachments'), /fiche-barquettes\.pdf/, 'the file is kept, not sent again');
  await assertAccessible(page, 'register form with errors');
  await screenshot(page, 'register-errors-fr-375');

  await page.fill('#password', 'barquettes en fibre de canne');
  await page.fill('#password_confirm', 'barquettes en fibre de canne');
  await page.check('#consent');
  await submit(page, 'form[action*="/register?"] button[type=submit]');
  assert.match(page.url(), /\/register\/thanks$/);
  await assertAccessible(page, 'registration thanks');
  await context.close();

  // The co-organizer validates the registration.
  const coorg = await browser.newContext({ viewport: PHONE, locale: 'fr-FR' });
  const admin = await coorg.newPage();
  await admin.goto(`${server.base}/login`);
  await admin.fill('#email', 'een@agora-demo.example');
  await admin.fill('#password', 'demo-co-organisateur-een');
  await submit(admin, 'form[action="/login"] button[type=submit]');
  await admin.click('a[href*="/admin/events/"]');
  await admin.waitForLoadState('load');
  await submit(admin, 'a[href$="/registrations"]');
  await assertAccessible(admin, 'registrations list');
  await submit(admin, 'text=Éco-Emballages Sétois');
  await assertAccessible(admin, 'registration detail');
  await submit(admin, 'form[action$="/validate"] button');
  assert.match(await admin.textContent('.flash'), /validée/);
  await coorg.close();

  // Found in the catalogue without accents, in French then in English, at phone width.
  const visitor = await browser.newContext({ viewport: PHONE, locale: 'fr-FR' });
  const v = await visitor.newPage();
  await v.goto(`${server.base}/${SLUG}/participants?q=biodegradable`);
  assert.match(await v.content(), /Éco-Emballages Sétois/);
  await assertAccessible(v, 'catalogue FR');
  await screenshot(v, 'catalogue-fr-375');
  await submit(v, 'a[hreflang="en"]');
  assert.equal(await v.evaluate(() => document.documentElement.lang), 'en');
  assert.match(await v.content(), /Éco-Emballages Sétois/);
  await assertAccessible(v, 'catalogue EN');
  await submit(v, 'text=Éco-Emballages Sétois');
  assert.match(await v.content(), /Barquettes biodégradables/);
  await assertAccessible(v, 'catalogue detail EN');
  await screenshot(v, 'catalogue-detail-en-375');
  await visitor.close();
});

// REQ: REG-3, BO-9, EXP-2, PUB-4
test('an organizer adds a custom field and a sub-sector on a phone; the form asks them', async () => {
  const context = await browser.newContext({ viewport: PHONE, locale: 'fr-FR' });
  const admin = await context.newPage();
  await admin.goto(`${server.base}/login`);
  await admin.fill('#email', 'admin@agora-demo.example');
  await admin.fill('#password', 'demo-administrateur-principal');
  await submit(admin, 'form[action="/login"] button[type=submit]');
  const eventPath = await admin.evaluate(() =>
    [...document.querySelectorAll('a[href^="/admin/events/"]')]
      .map((a) => a.getAttribute('href'))
      .find((href) => /^\/admin\/events\/\d+$/.test(href)));
  assert.ok(eventPath, 'the dashboard links to the demo event');

  await admin.goto(`${server.base}${eventPath}/form`);
  await assertAccessible(admin, 'form designer');
  await submit(admin, `a[href="${eventPath}/form/company/new"]`);
  await assertAccessible(admin, 'new custom field');
  await admin.selectOption('#kind', 'choice');
  await admin.fill('#label_fr', 'Certification bio');
  await admin.fill('#label_en', 'Organic certification');
  await admin.fill('#options', 'ecocert|Ecocert|Ecocert\nautre|Autre organisme|Other body');
  await admin.check('#required');
  await admin.check('#public');
  await submit(admin, 'form[action$="/form/company/new"] button[type=submit]');
  assert.match(await admin.textContent('.flash'), /Formulaire enregistré/);
  await submit(admin, `form[action="${eventPath}/form/expert-criteria"] button`);

  await admin.goto(`${server.base}${eventPath}/lists?list=sector`);
  await assertAccessible(admin, 'lists');
  await admin.fill('#code', 'conserverie');
  await admin.selectOption('#parent', 'agrifood');
  await admin.fill('#label_fr', 'Conserverie');
  await admin.fill('#label_en', 'Canning');
  await submit(admin, 'form[action$="/lists/sector/add"] button[type=submit]');
  assert.match(await admin.content(), /— Conserverie/);

  // The other back-office pages of registration, at phone width, with axe.
  for (const [path, label] of [
    ['/emails', 'email templates'],
    ['/privacy', 'privacy notice'],
    ['/registrations/new', 'register on behalf'],
    ['/registrations/import', 'import'],
  ]) {
    const response = await admin.goto(`${server.base}${eventPath}${path}`);
    assert.equal(response.status(), 200, path);
    await assertAccessible(admin, label);
  }
  await admin.goto(`${server.base}${eventPath}/registrations`);
  await submit(admin, 'text=Éco-Emballages Sétois');
  assert.match(await admin.content(), /Certification bio/);
  await assertAccessible(admin, 'registration detail with configured fields');
  await context.close();

  const visitor = await browser.newContext({ viewport: PHONE, locale: 'fr-FR' });
  const page = await visitor.newPage();
  await page.goto(`${server.base}/${SLUG}/register`);
  assert.match(await page.content(), /Certification bio/);
  assert.match(await page.content(), /Rendez-vous avec des experts/);
  await page.selectOption('#sector', 'conserverie');
  await assertAccessible(page, 'register form with custom fields');
  await screenshot(page, 'register-custom-fr-375');
  await visitor.close();
});
