import { Page } from 'playwright-core';
import { UI_TIMEOUT_MS } from './report';

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
