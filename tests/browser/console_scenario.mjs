// The console scenario in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core): what an analyst does in a day, and what the console must refuse.
// browser_test.cpp starts PostgreSQL, intake and two triage services and runs this script with:
//   NCIRT_CONSOLE_URL        triage's base URL (session TTL 8 h)
//   NCIRT_CONSOLE_SHORT_URL  a second triage on the same database whose sessions last 3 s
//   NCIRT_SPKI_PIN           the services' certificate key pin (Chromium trusts only that key)
//   NCIRT_ADMIN_PASSWORD     the bootstrap admin's password (user "admin")
//   NCIRT_SCREENSHOT_DIR     where the pages' screenshots go (optional)
// Sharing steps run when the service serves the sharing API (docs/api-exchange.md).
// Each step prints what it checked; any failure exits 1 with the step's name.
import {chromium} from 'playwright-core';
import {mkdirSync} from 'node:fs';
import {join} from 'node:path';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const base = env('NCIRT_CONSOLE_URL');
const shortBase = env('NCIRT_CONSOLE_SHORT_URL');
const adminPassword = env('NCIRT_ADMIN_PASSWORD');
const shots = process.env.NCIRT_SCREENSHOT_DIR;
if (shots) mkdirSync(shots, {recursive: true});

const analyst = {name: process.env.NCIRT_ANALYST || 'alice', password: 'correct horse battery staple'};
let step = 'start';
const check = (condition, what) => {
  if (!condition) throw new Error(what);
  console.log(`ok - ${step}: ${what}`);
};

async function shot(page, name, fullPage = false) {
  if (shots) await page.screenshot({path: join(shots, `${name}.png`), fullPage});
}

async function login(page, url, name, password) {
  await page.goto(`${url}/console/`);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', {name: 'Log in'}).click();
  await page.getByRole('heading', {name: 'Queue'}).waitFor();
}

async function logout(page) {
  await page.getByRole('button', {name: 'Log out'}).click();
  await page.getByRole('heading', {name: 'Log in to ncirt'}).waitFor();
}

// fetch() from the page, with the tab's CSRF token when there is one: what a script injected
// into the console could do at most.
function pageFetch(page, method, path, body) {
  return page.evaluate(async ({method, path, body}) => {
    const s = JSON.parse(sessionStorage.getItem('ncirt.session') || 'null');
    const headers = {'Content-Type': 'application/json'};
    if (s) headers['X-CSRF-Token'] = s.csrf_token;
    const r = await fetch(path, {method, headers, body: body ? JSON.stringify(body) : undefined});
    return r.status;
  }, {method, path, body});
}

// The admin registers a partner in another tab; the analyst previews what the policy removes
// (the constituent's e-mail is personal data), shares, and sees the result in the history.
async function shareWithAPartner(page, incidentId) {
  const admin = await page.context().browser().newContext({viewport: {width: 1366, height: 768}});
  const adminPage = await admin.newPage();
  await login(adminPage, base, 'admin', adminPassword);
  await adminPage.goto(`${base}/console/#/admin/partners`);
  const form = adminPage.locator('#create-partner');
  await form.waitFor();
  await form.getByLabel('Name').fill('CERT-EX');
  await form.getByLabel('Country (ISO 3166)').fill('ee');
  await form.getByLabel('Exchange endpoint').fill('exchange.cert.example:8445');
  await form.getByLabel('Key pin (SPKI SHA-256)').fill(env('NCIRT_SPKI_PIN'));
  await form.getByLabel('Agreement').fill('test-agreement');
  await form.getByLabel('AMBER', {exact: true}).check();
  await form.getByRole('button', {name: 'Register partner'}).click();
  await adminPage.getByText('Partner CERT-EX registered.').waitFor();
  check(true, 'the admin registers a partner');
  await admin.close();

  await page.reload();
  const section = page.locator('#sharing');
  await section.waitFor();
  await section.getByLabel(/CERT-EX/).check();
  await section.getByRole('button', {name: 'Preview'}).click();
  await section.getByText('Preview: what the policy does per partner').waitFor();
  check(await section.locator('#share-result').getByText('personal data').count() > 0,
        'the preview lists the personal data the policy removes');
  await shot(page, 'console-share-preview', true);
  await section.getByRole('button', {name: 'Share', exact: true}).click();
  await page.getByText(/Shared: 1 queued, 0 refused/).waitFor();
  await section.locator('.sharing-history', {hasText: 'CERT-EX'}).waitFor();
  check(true, 'the incident is queued for the partner and the history shows it');
}

const browser = await chromium.launch({
  executablePath: process.env.NCIRT_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync',
         `--ignore-certificate-errors-spki-list=${env('NCIRT_SPKI_PIN')}`],
});
let failed = false;
try {
  const context = await browser.newContext({viewport: {width: 1366, height: 768}});
  const page = await context.newPage();
  const consoleErrors = [];
  // Script errors only: Chromium also logs every non-2xx fetch, which the console expects (401
  // after logout, 403 in the refusal checks, 404 for API parts this build does not serve).
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));

  step = 'headers';
  const response = await page.goto(`${base}/console/`);
  const headers = response.headers();
  check(/frame-ancestors 'none'/.test(headers['content-security-policy']) &&
        !/unsafe-inline/.test(headers['content-security-policy']), 'CSP forbids inline script and framing');
  check(/max-age=\d+/.test(headers['strict-transport-security'] || ''), 'HSTS is set');
  check(headers['x-content-type-options'] === 'nosniff', 'nosniff is set');
  check(headers['referrer-policy'] === 'no-referrer', 'Referrer-Policy is set');
  await page.getByRole('heading', {name: 'Log in to ncirt'}).waitFor();
  await shot(page, 'console-login');

  step = 'bad login';
  await page.getByLabel('Name').fill('admin');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', {name: 'Log in'}).click();
  await page.getByText('Wrong name or password.').waitFor();
  check(true, 'a wrong password is refused with a message');

  step = 'admin creates the analyst';
  await login(page, base, 'admin', adminPassword);
  await page.getByRole('link', {name: 'Administration'}).click();
  await page.getByRole('heading', {name: 'Create a user'}).waitFor();
  const form = page.locator('#create-user');
  await form.getByLabel('Name').fill(analyst.name);
  await form.getByLabel('Role').selectOption('analyst');
  await form.getByLabel('Password').fill(analyst.password);
  await shot(page, 'console-admin');
  await form.getByRole('button', {name: 'Create user'}).click();
  await page.getByText(`User ${analyst.name} created (analyst).`).waitFor();
  check(true, 'the admin page creates an analyst');
  await logout(page);

  step = 'analyst logs in';
  await login(page, base, analyst.name, analyst.password);
  check(await page.locator('#who-name').textContent() === analyst.name, 'the top bar names the analyst');
  check(await page.getByRole('link', {name: 'Administration'}).isHidden(), 'no Administration link for an analyst');

  step = 'file an incident';
  await page.keyboard.press('n');
  await page.getByRole('heading', {name: 'File a new incident'}).waitFor();
  await page.getByLabel('Issuing CSIRT (IncidentID name)').fill('cert.example.org');
  await page.getByLabel('Description').fill('Phishing site impersonating a national bank, reported by a constituent');
  await page.getByLabel('TLP').selectOption('AMBER');
  await page.getByLabel('Severity').selectOption('high');
  await page.getByLabel('Confidence').selectOption('high');
  await page.getByLabel('Indicators', {exact: true}).fill('192.0.2.55\nbank-login.example.net\nhttps://bank-login.example.net/verify\n' +
                                          'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  await page.getByLabel('Affected constituent').fill('Example National Bank');
  await page.getByLabel('Its e-mail').fill('soc@bank.example');
  await shot(page, 'console-new-incident');
  await page.getByRole('button', {name: 'File incident'}).click();
  await page.locator('.summary h1', {hasText: 'Phishing site'}).waitFor({timeout: 30000});
  const incidentId = page.url().split('/').pop();
  check(/^[0-9a-f-]{36}$/.test(incidentId), `filed as ${incidentId} and opened from the queue`);
  check(await page.getByText('Example National Bank').count() > 0, 'the constituent contact is shown');
  check(await page.getByText('bank-login.example.net', {exact: true}).count() > 0, 'the indicators are shown');
  check(await page.getByText('cert.example.org', {exact: false}).count() > 0, 'the IODEF IncidentID is shown');

  step = 'queue';
  await page.getByRole('link', {name: 'Queue'}).first().click();
  await page.getByRole('button', {name: 'Team'}).click();
  const row = page.locator(`tr[data-id="${incidentId}"]`);
  await row.waitFor();
  check(await row.getByText('new').count() === 1, 'the incident is in the team queue as new');
  await shot(page, 'console-queue');

  step = 'claim next';
  await page.keyboard.press('c');
  await page.waitForURL((url) => url.hash === `#/incident/${incidentId}`);
  await page.getByText(`Claimed incident ${incidentId.slice(0, 8)}`).waitFor();
  await page.locator('.summary dd', {hasText: analyst.name}).first().waitFor();
  check(true, 'claim assigns it to the analyst');

  step = 'triage';
  await page.getByRole('button', {name: 'Triage'}).click();
  await page.getByText('Moved to triaged.').waitFor();
  await page.locator('.summary .state', {hasText: /^triaged$/}).waitFor();
  check(true, 'the state is triaged');
  await page.getByLabel('Category (ENISA RSIT)').fill('fraud/phishing');
  await page.getByRole('button', {name: 'Set category'}).click();
  await page.getByText('Category set.').waitFor();
  await page.locator('.summary dd', {hasText: /^fraud\/phishing$/}).waitFor();
  check(true, 'the category is set');
  await page.keyboard.press('i');
  await page.getByText('Moved to in progress.').waitFor();
  await page.locator('.summary .state', {hasText: /^in progress$/}).waitFor();
  check(true, 'key i starts work');

  step = 'comment';
  await page.keyboard.press('m');
  await page.keyboard.type('Takedown requested from the hosting provider.');
  await page.getByRole('button', {name: 'Add comment'}).click();
  await page.getByText('Comment added.').waitFor();
  await page.locator('ol.comments .body', {hasText: 'Takedown requested'}).waitFor();
  check(await page.locator('ol.comments .meta', {hasText: analyst.name}).count() === 1, 'the comment is listed with its author');
  await shot(page, 'console-incident', true);

  step = 'share';
  // The sharing API (docs/api-exchange.md) is served only by builds that include it.
  if (await pageFetch(page, 'GET', '/v1/partners') === 404) {
    console.log('skip - share: this triage build has no sharing API (GET /v1/partners is 404)');
  } else {
    await shareWithAPartner(page, incidentId);
  }

  step = 'analyst cannot reach admin pages';
  await page.goto(`${base}/console/#/admin`);
  await page.getByText('This page needs the admin role').waitFor();
  check(await page.locator('#create-user').count() === 0, 'the admin page shows no admin form');
  check(await pageFetch(page, 'POST', '/v1/users', {name: 'mallory', role: 'admin', password: 'x'.repeat(16)}) === 403,
        'the service refuses user creation with 403');
  check(await pageFetch(page, 'POST', '/v1/tokens', {user: 'admin', label: 'steal'}) === 403,
        'the service refuses token creation with 403');

  step = 'log out';
  await page.goto(`${base}/console/#/queue`);
  await page.getByRole('heading', {name: 'Queue'}).waitFor();
  await logout(page);
  check(await pageFetch(page, 'GET', '/v1/queue') === 401, 'the old session no longer reads the queue');
  check(consoleErrors.length === 0, `no script error in the page (${consoleErrors.join('; ')})`);
  await context.close();

  step = 'session expires';
  const shortContext = await browser.newContext({viewport: {width: 1366, height: 768}});
  const shortPage = await shortContext.newPage();
  await login(shortPage, shortBase, analyst.name, analyst.password);
  await shortPage.waitForTimeout(4000);
  await shortPage.keyboard.press('r');
  await shortPage.getByText('Your session has expired or ended; log in again.').waitFor();
  await shortPage.getByRole('heading', {name: 'Log in to ncirt'}).waitFor();
  check(true, 'after the session TTL the console asks to log in again');
  await shortContext.close();
} catch (e) {
  failed = true;
  console.error(`not ok - ${step}: ${e.message}`);
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
