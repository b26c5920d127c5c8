import { Page } from 'playwright-core';
import { UI_TIMEOUT_MS, say, textOf } from './report';

/** "Provision datastore", on its first step with the service `orders` chosen. */
export async function openProvisionTemplate(page: Page, frontendUrl: string) {
  await page.goto(
    `${frontendUrl}/create/templates/default/provision-datastore`,
  );
  await chooseOrdersService(page);
}

/** Step 1 of "Provision datastore": the service `orders`, through the entity picker. */
export async function chooseOrdersService(page: Page) {
  const service = page.getByRole('textbox', { name: /^Service/ });
  await service.waitFor({ timeout: UI_TIMEOUT_MS });
  await service.click();
  await service.fill('orders');
  await page
    .getByRole('option', { name: /orders/ })
    .first()
    .click({ timeout: UI_TIMEOUT_MS });
}

/** Waits until the decision preview shows one environment, under this heading. */
export async function waitForDecision(page: Page, heading: string) {
  await page
    .getByRole('heading', { level: 4, name: heading, exact: true })
    .waitFor({ timeout: UI_TIMEOUT_MS });
  const decisions = page.getByRole('list', {
    name: 'Decisions by environment',
  });
  // The list settles to exactly the one environment chosen.
  await page.waitForFunction(
    () =>
      document.querySelectorAll(
        'ul[aria-label="Decisions by environment"] > li',
      ).length === 1,
    undefined,
    { timeout: UI_TIMEOUT_MS },
  );
  say(`decision preview: ${await textOf(decisions)}`);
}

/** Reviewers and labels (left empty), Review, Create; the task's output page. */
export async function reviewAndCreate(page: Page) {
  // The step's own field: its title is in the stepper from the start.
  await page
    .getByText('Team reviewers')
    .first()
    .waitFor({ timeout: UI_TIMEOUT_MS });
  await page.getByRole('button', { name: /^(Next|Review)$/ }).click();
  const create = page.getByRole('button', { name: 'Create' });
  await create.waitFor({ timeout: UI_TIMEOUT_MS });
  await create.click();
}
