/*
 * What every walk of the e2e shares: where the report goes, how long a person waits, and how a
 * walk says what it saw, takes screenshots and fails a check.
 */
import { join, resolve } from 'node:path';
import { Locator, Page } from 'playwright-core';

/** A static token the test itself uses for the backend's APIs (the catalog, the dry run). */
export const E2E_TOKEN = 'datastores-e2e-static-token';

// Never built nor published: it runs from its source, in this repo.
// eslint-disable-next-line no-restricted-syntax
export const rootDir = resolve(__dirname, '../../..');
export const reportDir = join(rootDir, 'e2e-test-report');

/** Anything a person waits for on a page. */
export const UI_TIMEOUT_MS = 30_000;
/** The scaffolder task, from "Create" to its output. */
export const TASK_TIMEOUT_MS = 90_000;

const started = Date.now();
export const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
export const say = (message: string) =>
  console.log(`[e2e ${elapsed()}] ${message}`);

/** Every screenshot taken, in order, for the summary at the end. */
export const screenshots: string[] = [];

export async function screenshot(page: Page, name: string) {
  const path = join(
    reportDir,
    `${String(screenshots.length + 1).padStart(2, '0')}-${name}.png`,
  );
  try {
    await page.screenshot({ path, fullPage: true, timeout: 15_000 });
  } catch (error) {
    // Headless Chromium has once stalled capturing a full page (CI, 375 px): the screenshot is
    // the report's evidence, not a check, so take the viewport instead and say so.
    say(
      `full-page screenshot failed (${
        (error as Error).message.split('\n')[0]
      }); taking the viewport`,
    );
    await page.screenshot({ path, timeout: 15_000 });
  }
  screenshots.push(path);
  say(`screenshot ${path}`);
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Check failed: ${message}`);
}

export async function textOf(locator: Locator) {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}
