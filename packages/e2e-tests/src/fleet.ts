/*
 * The fleet page, as a platform engineer uses it: open "Datastores" in the sidebar, read the
 * at-risk count and every datastore's status, narrow to production, reload (the filter is in
 * the URL), then follow a row to its service's Datastores tab.
 */
import { Page } from 'playwright-core';
import { UI_TIMEOUT_MS, check, say, screenshot, textOf } from './report';

/** What the card shows of a datastore; the fleet page uses the same words. */
export interface ExpectedDatastore {
  name: string;
  environment: string;
  strategy: string;
  provider: string;
  readiness: string;
  backups: string;
  secretSync: string;
  policy: string;
}

/** Backups proven or not needed: anything else makes a production datastore at risk. */
const SAFE_BACKUPS = ['Protected', 'Not required'];

/** The rows of the fleet table, each as its cells' text by column header. */
async function readRows(page: Page): Promise<Array<Record<string, string>>> {
  // The first table holds the rows; the pagination is a table of its own.
  const table = page.locator('table').first();
  const headers = await table.locator('thead th').allTextContents();
  const rows = table.locator('tbody tr');
  const result = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const cells = rows.nth(i).locator('td');
    const texts = await Promise.all(
      headers.map((_, c) => textOf(cells.nth(c))),
    );
    result.push(Object.fromEntries(headers.map((h, c) => [h, texts[c]])));
  }
  return result;
}

/** Waits until the table shows `count` rows and no load is running. */
async function waitForRows(page: Page, count: number) {
  await page.waitForFunction(
    n => {
      const table = document.querySelector('table');
      return (
        table?.querySelectorAll('tbody tr').length === n &&
        !document.querySelector('[role="progressbar"]')
      );
    },
    count,
    { timeout: UI_TIMEOUT_MS },
  );
}

function checkRow(
  rows: Array<Record<string, string>>,
  d: ExpectedDatastore,
  where: string,
) {
  // The datastore's kind and engine follow its name in its cell: "mainDatabase · PostgreSQL".
  const row = rows.find(
    r =>
      new RegExp(`^${d.name}(Database|Cache) · `).test(r.Datastore) &&
      r.Environment === d.environment,
  );
  check(row, `${where}: a row for ${d.name} in ${d.environment}`);
  const expected = {
    Service: 'orders',
    Strategy: `${d.strategy}${d.provider}`,
    Backups: d.backups,
    'Secret sync': d.secretSync,
    Readiness: d.readiness,
    Policy: d.policy,
  };
  for (const [column, text] of Object.entries(expected)) {
    check(
      row[column] === text,
      `${where}: ${d.name} (${d.environment}) ${column} "${row[column]}" should be "${text}", as the card says`,
    );
  }
}

export async function checkFleet(page: Page, datastores: ExpectedDatastore[]) {
  const started = Date.now();
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Datastores', exact: true })
    .click();
  await page.waitForURL(/\/datastores$/, { timeout: UI_TIMEOUT_MS });

  // Unknown counts as at risk: the count follows from the words the card shows.
  const atRisk = datastores.filter(
    d =>
      d.environment === 'Production' &&
      (!SAFE_BACKUPS.includes(d.backups) ||
        d.policy !== 'Complies with the policy'),
  ).length;
  const headline = `${atRisk} production datastore${
    atRisk === 1 ? '' : 's'
  } at risk`;
  await page
    .getByText(headline, { exact: true })
    .waitFor({ timeout: UI_TIMEOUT_MS });
  await page
    .getByText(`${datastores.length} datastores in total`, { exact: true })
    .waitFor({ timeout: UI_TIMEOUT_MS });
  await waitForRows(page, datastores.length);
  const all = await readRows(page);
  for (const d of datastores) checkRow(all, d, 'fleet');
  say(
    `fleet: "${headline}", ${all.length} rows: ${all
      .map(
        r =>
          `${r.Datastore} (${r.Environment}): backups ${r.Backups}, policy ${r.Policy}`,
      )
      .join('; ')}`,
  );
  await screenshot(page, 'fleet');

  // Narrow to production: the rows narrow, and the URL says so.
  const production = datastores.filter(d => d.environment === 'Production');
  await page
    .getByRole('group', { name: 'Environment' })
    .getByRole('button', { name: /^Production \(\d+\)$/ })
    .click();
  await page.waitForURL(/\/datastores\?environment=production$/, {
    timeout: UI_TIMEOUT_MS,
  });
  await waitForRows(page, production.length);
  // A reload (or a shared link) shows the same filtered view.
  await page.reload();
  await waitForRows(page, production.length);
  const narrowed = await readRows(page);
  check(
    narrowed.every(r => r.Environment === 'Production'),
    `fleet filtered to production shows only production rows (${narrowed
      .map(r => r.Environment)
      .join(', ')})`,
  );
  for (const d of production) checkRow(narrowed, d, 'fleet, production');
  check(
    (await page
      .getByRole('group', { name: 'Environment' })
      .getByRole('button', { name: /^Production \(\d+\)$/ })
      .getAttribute('aria-pressed')) === 'true',
    'fleet: after a reload, the Production filter is still selected',
  );
  say(
    `fleet: filtered to Production, ${narrowed.length} rows, kept across a reload`,
  );
  await screenshot(page, 'fleet-production');

  // A row's service leads to that service's Datastores tab.
  await page
    .locator('table')
    .first()
    .locator('tbody tr')
    .first()
    .getByRole('link', { name: 'orders', exact: true })
    .click();
  await page.waitForURL(/\/catalog\/default\/component\/orders\/datastores$/, {
    timeout: UI_TIMEOUT_MS,
  });
  await page
    .getByRole('heading', { level: 2, name: 'Production', exact: true })
    .waitFor({ timeout: UI_TIMEOUT_MS });
  say(
    `fleet: the row's service link opens orders' Datastores tab (fleet walk took ${(
      (Date.now() - started) /
      1000
    ).toFixed(1)} s)`,
  );
}
