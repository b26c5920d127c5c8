/*
 * The Template Editor's dry run, as a template author uses it: load the template's directory,
 * fill the form, press Create, and read the rendered files in the dry-run results.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { GithubServer } from '@datastores/test-servers';
import { UI_TIMEOUT_MS, check, rootDir, say, screenshot } from './report';
import { chooseOrdersService } from './form';

const TEMPLATE_PATH = 'templates/provision-datastore/template.yaml';

/**
 * "Load Template Directory" opens the browser's directory picker (the File System Access API),
 * which a headless browser cannot show. The test hands the editor the origin-private file
 * system instead: a real `FileSystemDirectoryHandle` of the same API, holding the template.
 */
async function offerTemplateDirectory(page: Page, frontendUrl: string) {
  await page.context().addInitScript(() => {
    (window as any).showDirectoryPicker = () =>
      navigator.storage.getDirectory();
  });
  await page.goto(`${frontendUrl}/create/edit`);
  const template = readFileSync(join(rootDir, TEMPLATE_PATH), 'utf8');
  await page.evaluate(async content => {
    const root = await navigator.storage.getDirectory();
    const file = await root.getFileHandle('template.yaml', { create: true });
    const writable = await file.createWritable();
    await writable.write(content);
    await writable.close();
  }, template);
}

export async function checkTemplateEditorDryRun(
  page: Page,
  frontendUrl: string,
  github: GithubServer,
) {
  await offerTemplateDirectory(page, frontendUrl);
  await page.getByText('Load Template Directory').click();
  await page
    .getByRole('treeitem', { name: 'template.yaml' })
    .click({ timeout: UI_TIMEOUT_MS });

  // The form the template defines, in the editor's preview.
  await chooseOrdersService(page);
  await page.getByRole('textbox', { name: /^Datastore name/ }).fill('drafts');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('radio', { name: /^Ephemeral/ }).check();
  await page
    .getByRole('heading', {
      level: 4,
      name: 'Preview: Self-hosted on CloudNativePG',
      exact: true,
    })
    .waitFor({ timeout: UI_TIMEOUT_MS });
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: /^(Next|Review)$/ }).click();
  const before = github.calls.length;
  await page.getByRole('button', { name: 'Create' }).click();

  // The dry-run results open on their Files tab: the rendered files, the first one shown.
  const shown = await page.waitForFunction(
    () =>
      [...document.querySelectorAll('.cm-content')]
        .map(e => e.textContent ?? '')
        .find(text => text.includes('orders-drafts-preview')),
    undefined,
    { timeout: UI_TIMEOUT_MS },
  );
  const folders = await page
    .getByRole('tree')
    .last()
    .locator(':scope > li > .MuiTreeItem-content .MuiTreeItem-label')
    .allTextContents();
  check(
    folders.includes('gitops'),
    `Template Editor: the dry run's files should include gitops/ (got ${folders.join(
      ', ',
    )})`,
  );
  check(
    github.calls.length === before,
    'Template Editor: a dry run reaches nothing on GitHub',
  );
  say(
    `Template Editor dry run: files under ${folders.join(
      ', ',
    )}/; the first one shown begins "${String(await shown.jsonValue()).slice(
      0,
      80,
    )}…"`,
  );
  await screenshot(page, 'template-editor-dry-run');
}
