/*
 * A user who may not provision production, as the example permission policy has it
 * (`datastores.permissions.productionProvisioners`): the form says so on the step where
 * production is chosen and does not go on. The guest user is a catalog User whose group the test
 * changes, as an organisation's membership changes, so the same sign-in is first a platform
 * engineer (who provisions production in the main walk) and then a service developer.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { signIn } from './signIn';
import { E2E_TOKEN, UI_TIMEOUT_MS, check, say, screenshot } from './report';
import { openProvisionTemplate } from './form';

/** The group the test's permission policy lets provision production. */
export const PRODUCTION_PROVISIONERS = 'group:default/platform';
const DEVELOPERS = 'group:default/shop-team';
const GUEST_REF = 'user:development/guest';

function guestUser(group: string) {
  // JSON is YAML.
  return JSON.stringify({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'guest', namespace: 'development' },
    spec: { profile: { displayName: 'Guest' }, memberOf: [group] },
  });
}

/**
 * The guest user of the catalog, in a file of the test's own (a `file` location in the test's
 * app-config) that it changes. The file is written before the app starts.
 */
export class GuestUser {
  readonly path: string;

  constructor(dir: string, group: string) {
    this.path = join(dir, 'guest-user.yaml');
    writeFileSync(this.path, guestUser(group));
  }

  /** Waits until the catalog at `backendUrl` has the user in `group`. */
  async waitForMembership(backendUrl: string, group: string) {
    const deadline = Date.now() + UI_TIMEOUT_MS;
    // The sign-in resolver reads the user's memberOf relations: wait for those, not the spec.
    for (;;) {
      const response = await fetch(
        `${backendUrl}/api/catalog/entities/by-name/user/development/guest`,
        { headers: { authorization: `Bearer ${E2E_TOKEN}` } },
      );
      if (response.ok) {
        const entity = (await response.json()) as {
          relations?: { type: string; targetRef: string }[];
        };
        const groups = (entity.relations ?? [])
          .filter(r => r.type === 'memberOf')
          .map(r => r.targetRef);
        if (groups.length === 1 && groups[0] === group) return;
      }
      check(
        Date.now() < deadline,
        `catalog: ${GUEST_REF} should become a member of ${group}`,
      );
      await new Promise(r => setTimeout(r, 500));
    }
  }

  /** Moves the user to `group`: the file changes, the catalog refreshes it. */
  async moveTo(backendUrl: string, group: string) {
    writeFileSync(this.path, guestUser(group));
    const response = await fetch(`${backendUrl}/api/catalog/refresh`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${E2E_TOKEN}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ entityRef: GUEST_REF }),
    });
    check(response.ok, `catalog: refreshing ${GUEST_REF}: ${response.status}`);
    await this.waitForMembership(backendUrl, group);
  }
}

export async function checkProductionNotAllowed(
  browser: Browser,
  frontendUrl: string,
  backendUrl: string,
  guest: GuestUser,
) {
  await guest.moveTo(backendUrl, DEVELOPERS);
  say(`catalog: the guest is now a member of ${DEVELOPERS} only`);
  // A new sign-in, so that the token carries the new membership.
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
  });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    await signIn(page, frontendUrl, { screenshots: false });
    await openProvisionTemplate(page, frontendUrl);
    await page.getByRole('textbox', { name: /^Datastore name/ }).fill('ledger');
    await page.getByRole('button', { name: 'Next' }).click();

    await page.getByRole('checkbox', { name: 'Production' }).check();
    await page.getByRole('checkbox', { name: 'Preview' }).uncheck();
    await page.getByRole('radio', { name: /^Catastrophic/ }).check();
    await page
      .getByText('You may not provision a managed production datastore')
      .first()
      .waitFor({ timeout: UI_TIMEOUT_MS });
    // Said on this step, before Review: Next stays here and names the permission.
    await page.getByRole('button', { name: 'Next' }).click();
    await page
      .getByText(/permission datastores\.provision\.production/)
      .first()
      .waitFor({ timeout: UI_TIMEOUT_MS });
    check(
      (await page.getByText('Team reviewers').count()) === 0 &&
        (await page.getByRole('radio', { name: /^Catastrophic/ }).isVisible()),
      'form: a user who may not provision production stays on the step that chose it',
    );
    say(
      'form: a member of shop-team is told on step 2 that they may not provision production, and cannot go on',
    );
    await screenshot(page, 'template-production-not-allowed');
  } finally {
    await context.close();
  }
}
