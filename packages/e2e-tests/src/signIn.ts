import { Page } from 'playwright-core';
import { UI_TIMEOUT_MS, screenshot } from './report';

/** Signs in as guest, the only sign-in app-config.yaml offers, and waits for the catalog. */
export async function signIn(
  page: Page,
  frontendUrl: string,
  options: { screenshots?: boolean } = {},
) {
  const shots = options.screenshots ?? true;
  await page.goto(frontendUrl);
  const enter = page.getByRole('button', { name: 'Enter' });
  await enter.waitFor({ timeout: UI_TIMEOUT_MS });
  if (shots) await screenshot(page, 'sign-in');
  await enter.click();
  // The catalog is the landing page.
  await page
    .getByRole('link', { name: 'orders' })
    .first()
    .waitFor({ timeout: UI_TIMEOUT_MS });
  if (shots) await screenshot(page, 'catalog');
}
