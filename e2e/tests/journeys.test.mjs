// End-to-end journeys against the real `agora serve` binary, in Debian's Chromium.
// One server and one database for the whole file: the tests run in order and build on
// each other (setup → login → event → content → public mini-site), then the
// accessibility results gathered along the way are asserted page by page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startAgora } from '../lib/server.mjs';
import { launch, axeViolations, formatViolations, screenshot, SCREENSHOT_DIR } from '../lib/browser.mjs';
import { makePng } from '../lib/png.mjs';

const ADMIN = {
  display_name: 'Camille Martin',
  email: 'camille.martin@example.org',
  // ≥ 16 characters, no words from the email or name.
  password: 'cheval agrafe pile rouge',
};

function isoDate(daysFromNow) {
  const d = new Date(Date.now() + daysFromNow * 86_400_000);
  return d.toISOString().slice(0, 10);
}

const EVENT = {
  name_fr: 'Rencontres Export Bretagne',
  name_en: 'Brittany Export Meetings',
  slug: `export-bzh-${Date.now().toString(36)}`,
  summary_fr: 'Deux jours de rendez-vous d’affaires entre PME et acheteurs.',
  summary_en: 'Two days of business meetings between SMEs and buyers.',
  starts_on: isoDate(60),
  ends_on: isoDate(61),
  primary_color: '#1a5fb4',
};
const WELCOME = {
  fr: { title: 'Bienvenue aux Rencontres', body_html: '<p>Programme et inscriptions bientôt en ligne.</p>' },
  en: { title: 'Welcome to the Meetings', body_html: '<p>Programme and registration coming soon.</p>' },
};
const VENUE = {
  name: 'Palais des congrès de Rennes',
  address: '2 rue Saint-Hélier, 35000 Rennes',
  access_fr: 'Métro ligne A, arrêt Charles de Gaulle.',
  access_en: 'Metro line A, Charles de Gaulle stop.',
};
const VIEWPORTS = [
  { name: 'mobile', width: 375, height: 812 },
  { name: 'desktop', width: 1280, height: 800 },
];

let server;
let browser;
let adminContext;
let adminPage;
let eventId;
/** label → { url, violations } gathered by the journeys, asserted by the a11y tests. */
const axe = new Map();

async function recordAxe(page, label) {
  axe.set(label, { url: page.url(), violations: await axeViolations(page) });
}

/** Clicks a submit control and waits for the resulting page load. */
async function submit(page, selector) {
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.click(selector),
  ]);
  return response;
}

async function htmlLang(page) {
  return page.evaluate(() => document.documentElement.lang);
}

async function anonymousContext(viewport = { width: 1280, height: 800 }) {
  return browser.newContext({ viewport, locale: 'fr-FR' });
}

before(async () => {
  server = await startAgora();
  browser = await launch();
  adminContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
  adminPage = await adminContext.newPage();
});

after(async () => {
  if (browser) await browser.close();
  if (server) {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    writeFileSync(join(SCREENSHOT_DIR, 'server.log'), server.output());
    await server.stop();
  }
});

// REQ: REG-6 (first principal administrator, setup link)
test('a) first admin setup from the printed link lands on the dashboard', async () => {
  assert.ok(server.setupPath, 'setup link printed on stdout');
  const page = adminPage;
  const response = await page.goto(server.base + server.setupPath);
  assert.equal(response.status(), 200);
  assert.equal(await htmlLang(page), 'fr');
  assert.match(await page.locator('main h1').innerText(), /Première configuration/);
  await recordAxe(page, 'setup page');

  await page.fill('#display_name', ADMIN.display_name);
  await page.fill('#email', ADMIN.email);
  await page.fill('#password', ADMIN.password);
  await page.fill('#password_confirm', ADMIN.password);
  await submit(page, 'main form button[type=submit]');
  assert.equal(new URL(page.url()).pathname, '/admin', `after setup, at ${page.url()}`);
  assert.match(await page.locator('main h1').innerText(), /Administration/);
  assert.match(await page.locator('.flash').innerText(), /Bienvenue/);
  // The dashboard offers event creation to the principal administrator.
  assert.equal(await page.locator('a[href="/admin/events/new"]').count(), 1);

  // The link is single-use.
  const again = await adminContext.newPage();
  await again.goto(server.base + server.setupPath);
  assert.equal(await again.locator('main .alert[role=alert]').count(), 1, 'used setup link is refused');
  await again.close();
});

// REQ: REG-6 (log out, log in)
test('b) log out from the header, log in again at /login', async () => {
  const page = adminPage;
  await submit(page, 'header form[action="/logout"] button[type=submit]');
  assert.equal(new URL(page.url()).pathname, '/');
  assert.equal(await page.locator('header a[href="/login"]').count(), 1, 'logged out: login link shown');
  const denied = await page.goto(`${server.base}/admin`);
  assert.notEqual(new URL(page.url()).pathname === '/admin' && denied.status() === 200, true,
    '/admin must not be served to a logged-out visitor');

  await page.goto(`${server.base}/login`);
  assert.match(await page.locator('main h1').innerText(), /Connexion/);
  await recordAxe(page, 'login page');

  // A wrong password is refused with a message and the email kept.
  await page.fill('#email', ADMIN.email);
  await page.fill('#password', 'pas le bon mot de passe du tout');
  await submit(page, 'main form button[type=submit]');
  assert.notEqual(new URL(page.url()).pathname, '/admin');
  assert.equal(await page.locator('main .alert[role=alert]').count(), 1, 'wrong password: alert shown');
  assert.equal(await page.inputValue('#email'), ADMIN.email);

  await page.fill('#email', ADMIN.email);
  await page.fill('#password', ADMIN.password);
  await submit(page, 'main form button[type=submit]');
  assert.equal(new URL(page.url()).pathname, '/admin', `after login, at ${page.url()}`);
  assert.match(await page.locator('main h1').innerText(), /Administration/);
  await recordAxe(page, 'admin dashboard');
});

// REQ: EVT-1 (create an event)
test('c1) create a published event', async () => {
  const page = adminPage;
  await page.goto(`${server.base}/admin/events/new`);
  assert.equal(await page.inputValue('#time_zone'), 'Europe/Paris', 'default time zone');
  await recordAxe(page, 'event form (new)');

  for (const f of ['name_fr', 'name_en', 'slug', 'summary_fr', 'summary_en', 'starts_on', 'ends_on']) {
    await page.fill(`#${f}`, EVENT[f]);
  }
  await page.fill('#primary_color', EVENT.primary_color);
  await page.check('#is_published');
  await submit(page, 'main form[action="/admin/events"] button[type=submit]');
  const m = new URL(page.url()).pathname.match(/^\/admin\/events\/(\d+)$/);
  assert.ok(m, `redirected to the event page, got ${page.url()}`);
  eventId = m[1];
  assert.match(await page.locator('.flash').innerText(), /Événement créé/);
  assert.equal(await page.inputValue('#name_fr'), EVENT.name_fr);
  assert.equal(await page.inputValue('#slug'), EVENT.slug);
  assert.ok(await page.isChecked('#is_published'));

  await page.goto(`${server.base}/admin`);
  assert.equal(await page.locator(`main a[href="/admin/events/${eventId}"]`).count(), 1, 'listed on the dashboard');
});

// REQ: EVT-3, PUB-1 (welcome page per language)
test('c2) edit the welcome page in French and English', async () => {
  assert.ok(eventId, 'event created');
  const page = adminPage;
  for (const lang of ['fr', 'en']) {
    const url = `${server.base}/admin/events/${eventId}/pages/welcome/${lang}`;
    const res = await page.goto(url);
    assert.equal(res.status(), 200);
    await page.fill('#title', WELCOME[lang].title);
    await page.fill('#body_html', WELCOME[lang].body_html);
    await submit(page, 'main form button[type=submit]');
    assert.equal(page.url(), url);
    assert.match(await page.locator('.flash').innerText(), /Modifications enregistrées/);
    assert.equal(await page.inputValue('#title'), WELCOME[lang].title);
    if (lang === 'fr') await recordAxe(page, 'admin page editor');
  }
});

// REQ: EVT-2 (venues)
test('c3) add a venue', async () => {
  assert.ok(eventId, 'event created');
  const page = adminPage;
  await page.goto(`${server.base}/admin/events/${eventId}/venues`);
  const form = `main form[action="/admin/events/${eventId}/venues"]`;
  for (const f of ['name', 'address', 'access_fr', 'access_en']) {
    await page.fill(`${form} #${f}`, VENUE[f]);
  }
  await submit(page, `${form} button[type=submit]`);
  assert.equal(new URL(page.url()).pathname, `/admin/events/${eventId}/venues`);
  assert.match(await page.locator('.flash').innerText(), /Modifications enregistrées/);
  assert.equal(await page.locator('main article.card h2', { hasText: VENUE.name }).count(), 1);
  await recordAxe(page, 'admin venues');
});

// REQ: EVT-5 (branding: banner upload)
test('c4) upload a banner PNG on the branding tab', async () => {
  assert.ok(eventId, 'event created');
  const page = adminPage;
  await page.goto(`${server.base}/admin/events/${eventId}/branding`);
  await page.setInputFiles('#banner', { name: 'banner.png', mimeType: 'image/png', buffer: makePng() });
  await submit(page, 'main form button[type=submit]');
  assert.equal(new URL(page.url()).pathname, `/admin/events/${eventId}/branding`);
  assert.match(await page.locator('.flash').innerText(), /Modifications enregistrées/);
  const preview = page.locator('main img.preview');
  assert.equal(await preview.count(), 1, 'banner preview shown');
  const src = await preview.getAttribute('src');
  const img = await page.request.get(server.base + src);
  assert.equal(img.status(), 200);
  assert.match(img.headers()['content-type'] ?? '', /^image\/png/);
  assert.ok(await preview.evaluate((el) => el.complete && el.naturalWidth > 0), 'preview decodes');
  await recordAxe(page, 'admin branding');
});

// REQ: EVT-1 (form errors keep typed values)
test('f) event form with a bad slug shows the error and keeps the other values', async () => {
  const page = adminPage;
  await page.goto(`${server.base}/admin/events/new`);
  const typed = {
    name_fr: 'Salon des erreurs',
    name_en: 'Error fair',
    slug: 'Mauvaise Adresse!',
    summary_fr: 'Résumé à conserver.',
    summary_en: 'Summary to keep.',
    starts_on: isoDate(90),
    ends_on: isoDate(91),
  };
  for (const [f, v] of Object.entries(typed)) await page.fill(`#${f}`, v);
  await page.fill('#time_zone', 'Europe/Paris');
  await page.fill('#primary_color', '#26a269');
  await page.check('#is_published');
  const res = await submit(page, 'main form[action="/admin/events"] button[type=submit]');
  assert.equal(res.status(), 422, 'invalid form answered with 422');
  assert.equal(new URL(page.url()).pathname, '/admin/events');
  assert.equal(await page.locator('main .alert[role=alert]').count(), 1, 'summary alert');
  const err = page.locator('#slug-error');
  assert.equal(await err.count(), 1, 'slug error shown');
  assert.match(await err.innerText(), /adresse courte/i);
  assert.equal(await page.getAttribute('#slug', 'aria-invalid'), 'true');
  assert.match((await page.getAttribute('#slug', 'aria-describedby')) ?? '', /slug-error/);
  for (const [f, v] of Object.entries(typed)) {
    assert.equal(await page.inputValue(`#${f}`), v, `${f} kept`);
  }
  assert.equal(await page.inputValue('#primary_color'), '#26a269', 'colour kept');
  assert.ok(await page.isChecked('#is_published'), 'published box kept');
  await recordAxe(page, 'event form (errors)');
});

const DRAFT = {
  name_fr: 'Atelier brouillon',
  name_en: 'Draft workshop',
  slug: `brouillon-${Date.now().toString(36)}`,
  starts_on: isoDate(120),
  ends_on: isoDate(120),
};

// REQ: EVT-1 (several events; a draft stays private)
test('g) a second, unpublished event is listed for the admin but hidden from the public', async () => {
  const page = adminPage;
  await page.goto(`${server.base}/admin/events/new`);
  for (const f of ['name_fr', 'name_en', 'slug', 'starts_on', 'ends_on']) await page.fill(`#${f}`, DRAFT[f]);
  assert.equal(await page.isChecked('#is_published'), false, 'new events start unpublished');
  await submit(page, 'main form[action="/admin/events"] button[type=submit]');
  assert.match(new URL(page.url()).pathname, /^\/admin\/events\/\d+$/, `draft created, at ${page.url()}`);

  await page.goto(`${server.base}/admin`);
  const rows = page.locator('main table tbody tr');
  assert.equal(await rows.count(), 2, 'both events on the dashboard');
  assert.match(await rows.filter({ hasText: DRAFT.name_fr }).innerText(), /Brouillon/i);

  // The team sees a preview; anonymous visitors get a 404.
  const preview = await page.goto(`${server.base}/${DRAFT.slug}`);
  assert.equal(preview.status(), 200);
  assert.equal(await page.locator('main .alert[role=status]').count(), 1, 'preview notice for the team');
  const ctx = await anonymousContext();
  try {
    const anon = await ctx.newPage();
    const res = await anon.goto(`${server.base}/${DRAFT.slug}`);
    assert.equal(res.status(), 404, 'draft mini-site hidden from the public');
    await anon.goto(`${server.base}/`);
    assert.equal(await anon.locator(`main a[href="/${DRAFT.slug}"]`).count(), 0, 'draft not on the home page');
  } finally {
    await ctx.close();
  }
});

// REQ: EVT-5 (branding colour must keep white text readable)
test('h) a too light primary colour is refused with a message', async () => {
  assert.ok(eventId, 'event created');
  const page = adminPage;
  await page.goto(`${server.base}/admin/events/${eventId}/branding`);
  await page.fill('#primary_color', '#ffff66');
  const res = await submit(page, 'main form button[type=submit]');
  assert.equal(res.status(), 422);
  assert.equal(await page.locator('main .alert[role=alert]').count(), 1);
  assert.match(await page.locator('#primary_color-error').innerText(), /contraste|trop claire/i);
  await recordAxe(page, 'admin branding (errors)');
  await page.goto(`${server.base}/admin/events/${eventId}/branding`);
  assert.equal(await page.inputValue('#primary_color'), EVENT.primary_color, 'colour unchanged');
});

// REQ: PUB-3 (language switch only redirects inside the site)
test('i) the language switch refuses off-site redirects', async () => {
  for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
    const res = await adminContext.request.get(
      `${server.base}/lang/en?next=${encodeURIComponent(next)}`, { maxRedirects: 0 });
    assert.ok([302, 303, 307].includes(res.status()), `redirect status for ${next}: ${res.status()}`);
    assert.equal(res.headers()['location'], '/', `next=${next} must fall back to /`);
  }
  // Back to French for the admin session.
  await adminContext.request.get(`${server.base}/lang/fr?next=/`, { maxRedirects: 0 });
});

// REQ: PUB-3, PUB-4, EVT-1 (public home lists the event)
test('d1) public home lists the published event', async () => {
  assert.ok(eventId, 'event created');
  const ctx = await anonymousContext();
  try {
    const page = await ctx.newPage();
    await page.goto(`${server.base}/`);
    assert.equal(await htmlLang(page), 'fr');
    assert.equal(await page.locator(`main a[href="/${EVENT.slug}"]`, { hasText: EVENT.name_fr }).count(), 1);
    await recordAxe(page, 'public home');
    await screenshot(page, 'home-fr-1280');
  } finally {
    await ctx.close();
  }
});

// REQ: PUB-3, PUB-4, EVT-5 (mini-site in both languages, mobile and desktop)
for (const vp of VIEWPORTS) {
  test(`d2) mini-site in French then English at ${vp.width}×${vp.height}`, async () => {
    assert.ok(eventId, 'event created');
    const ctx = await anonymousContext({ width: vp.width, height: vp.height });
    try {
      const page = await ctx.newPage();
      const res = await page.goto(`${server.base}/${EVENT.slug}`);
      assert.equal(res.status(), 200);

      // French (default)
      assert.equal(await htmlLang(page), 'fr');
      assert.equal((await page.locator('.event-name').innerText()).trim(), EVENT.name_fr);
      assert.equal((await page.locator('main h1').innerText()).trim(), WELCOME.fr.title);
      assert.match(await page.title(), new RegExp(`${WELCOME.fr.title}.*${EVENT.name_fr}`));
      assert.match(await page.locator('main').innerText(), /Programme et inscriptions/);
      assert.match(await page.locator('nav.event-nav').innerText(), /Accueil/);
      assert.match(await page.locator('nav.event-nav').innerText(), /Informations pratiques/);
      assert.ok(await page.locator('img.event-banner').evaluate((el) => el.complete && el.naturalWidth > 0),
        'banner shown');
      await assertNoHorizontalScroll(page, vp);
      await screenshot(page, `site-fr-${vp.width}`);
      await recordAxe(page, `mini-site FR ${vp.width}`);
      await checkPracticalPage(page, 'Informations pratiques', VENUE.access_fr);
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
        page.locator('nav.event-nav a', { hasText: 'Accueil' }).click()]);
      assert.equal(new URL(page.url()).pathname, `/${EVENT.slug}`);

      // Switch with the header link
      const switcher = page.locator('header a[hreflang="en"]');
      assert.equal(await switcher.count(), 1);
      assert.match((await switcher.getAttribute('href')) ?? '', /^\/lang\/en\?next=/);
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), switcher.click()]);
      assert.equal(new URL(page.url()).pathname, `/${EVENT.slug}`, 'stays on the mini-site');

      assert.equal(await htmlLang(page), 'en');
      assert.equal((await page.locator('.event-name').innerText()).trim(), EVENT.name_en);
      assert.equal((await page.locator('main h1').innerText()).trim(), WELCOME.en.title);
      assert.match(await page.title(), new RegExp(`${WELCOME.en.title}.*${EVENT.name_en}`));
      assert.match(await page.locator('main').innerText(), /Programme and registration/);
      const nav = await page.locator('nav.event-nav').innerText();
      assert.match(nav, /Welcome/);
      assert.match(nav, /Practical information/);
      assert.doesNotMatch(nav, /Accueil/);
      assert.equal(await page.locator('header a[hreflang="fr"]').count(), 1, 'link back to French');
      await assertNoHorizontalScroll(page, vp);
      await screenshot(page, `site-en-${vp.width}`);
      await recordAxe(page, `mini-site EN ${vp.width}`);
      await checkPracticalPage(page, 'Practical information', VENUE.access_en);
      assert.equal(await htmlLang(page), 'en', 'language kept while browsing');
    } finally {
      await ctx.close();
    }
  });
}

/** Follows the event nav to the practical page, which lists the venue. */
async function checkPracticalPage(page, label, access) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
    page.locator('nav.event-nav a', { hasText: label }).click()]);
  assert.equal(new URL(page.url()).pathname, `/${EVENT.slug}/practical`);
  assert.equal(await page.getAttribute(`nav.event-nav a[href="/${EVENT.slug}/practical"]`, 'aria-current'), 'page');
  const main = await page.locator('main').innerText();
  assert.ok(main.includes(VENUE.name), `venue name on the practical page:\n${main}`);
  assert.ok(main.includes(VENUE.address), 'venue address on the practical page');
  assert.ok(main.includes(access), `venue access (${access}) on the practical page`);
  const lang = await htmlLang(page);
  await recordAxe(page, `mini-site practical ${lang.toUpperCase()} ${page.viewportSize().width}`);
}

async function assertNoHorizontalScroll(page, vp) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= vp.width, `page scrolls horizontally at ${vp.width}px (content width ${width}px)`);
}

// REQ: PUB-4 (accessibility, WCAG 2.1 A/AA via axe-core)
const AXE_PAGES = [
  'setup page',
  'login page',
  'admin dashboard',
  'event form (new)',
  'event form (errors)',
  'public home',
  ...VIEWPORTS.flatMap((vp) => [`mini-site FR ${vp.width}`, `mini-site EN ${vp.width}`]),
  // Beyond the required list: the other forms and pages the journeys visit.
  'admin page editor',
  'admin venues',
  'admin branding',
  'admin branding (errors)',
  ...VIEWPORTS.flatMap((vp) => [`mini-site practical FR ${vp.width}`, `mini-site practical EN ${vp.width}`]),
];
for (const label of AXE_PAGES) {
  test(`e) axe WCAG 2.1 AA: ${label}`, () => {
    const r = axe.get(label);
    assert.ok(r, `${label} was not reached by the journeys (see the earlier failure)`);
    if (r.violations.length > 0) {
      const report = formatViolations(label, r.url, r.violations);
      console.log(report);
      assert.fail(report);
    }
  });
}
