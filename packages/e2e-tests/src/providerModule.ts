/*
 * The example provider module, installed in packages/backend by one line, through the product
 * as a user meets it: the policy sends catastrophic staging databases to Aurora PostgreSQL
 * (the e2e's config adds that rule), the "Provision datastore" template shows and creates it,
 * the pull request holds the Aurora cluster, and the card shows what it is and that nothing
 * observed it.
 */
import { Page } from 'playwright-core';
import { GithubServer } from '@datastores/test-servers';
import {
  openProvisionTemplate,
  reviewAndCreate,
  waitForDecision,
} from './form';
import {
  TASK_TIMEOUT_MS,
  UI_TIMEOUT_MS,
  check,
  say,
  screenshot,
  textOf,
} from './report';

const NAME = 'ledger';

/** The rule the e2e's config puts before the default policy's "catastrophic-is-managed". */
export const STAGING_ON_AURORA = {
  name: 'staging-on-aurora',
  when: {
    kind: 'database',
    criticality: 'catastrophic',
    environment: 'staging',
  },
  then: { strategy: 'managed', provider: 'aurora-postgresql' },
  reason: 'staging databases of catastrophic data try Aurora first',
};

export async function checkProviderModule(
  page: Page,
  frontendUrl: string,
  github: GithubServer,
) {
  await openProvisionTemplate(page, frontendUrl);
  await page.getByRole('textbox', { name: /^Datastore name/ }).fill(NAME);
  await page
    .getByRole('list', { name: 'Derived names' })
    .getByText(`orders-${NAME}-staging`, { exact: false })
    .first()
    .waitFor({ timeout: UI_TIMEOUT_MS });
  await page.getByRole('button', { name: 'Next' }).click();

  const staging = page.getByRole('checkbox', { name: 'Staging' });
  await staging.waitFor({ timeout: UI_TIMEOUT_MS });
  for (const environment of ['Production', 'Staging', 'Preview', 'Dev']) {
    const box = page.getByRole('checkbox', { name: environment });
    await box.setChecked(environment === 'Staging');
  }
  await page.getByRole('radio', { name: /^Catastrophic/ }).check();
  await waitForDecision(page, 'Staging: Managed on Aurora PostgreSQL');
  await screenshot(page, 'provider-module-decision');
  say(
    'provider module: the preview decides Staging: Managed on Aurora PostgreSQL',
  );

  await page.getByRole('button', { name: 'Next' }).click();
  await reviewAndCreate(page);

  const terraformLink = page.getByRole('link', {
    name: /acme\/infra-terraform#\d+/,
  });
  await terraformLink.waitFor({ timeout: TASK_TIMEOUT_MS });
  const href = await terraformLink.getAttribute('href');
  const pr = github
    .pullRequests('acme', 'infra-terraform')
    .find(p => href === `${github.url}/acme/infra-terraform/pull/${p.number}`);
  check(pr, `the task links ${href}, which the stand-in should have`);
  check(
    pr.title.includes(NAME),
    `acme/infra-terraform#${pr.number}'s title "${pr.title}" should name ${NAME}`,
  );
  const main =
    github.files('acme', 'infra-terraform', pr.head)[
      `datastores/staging/orders-${NAME}/main.tf`
    ] ?? '';
  check(
    main.includes('resource "aws_rds_cluster" "this"') &&
      main.includes('"aurora-postgresql"') &&
      !main.includes('aws_db_instance'),
    `acme/infra-terraform#${pr.number} should hold the Aurora cluster`,
  );
  say(
    `provider module: acme/infra-terraform#${pr.number} "${pr.title}" holds the Aurora cluster`,
  );

  await page.goto(`${frontendUrl}/catalog/default/component/orders`);
  const row = page
    .getByRole('table', { name: 'Datastores' })
    .locator('tbody tr', {
      has: page.getByRole('rowheader', { name: new RegExp(`^${NAME}`) }),
    });
  await row.waitFor({ timeout: UI_TIMEOUT_MS });
  const text = await textOf(row);
  check(
    text.includes('Requested') &&
      text.includes('Managed') &&
      text.includes('Aurora PostgreSQL'),
    `card: ${NAME} should be Requested, managed on Aurora PostgreSQL ("${text}")`,
  );
  check(
    !text.includes('Protected'),
    `card: nothing observed ${NAME}'s backups, so they may not read as protected ("${text}")`,
  );
  say(`provider module: card ${text}`);
  await screenshot(page, 'provider-module-card');
}
