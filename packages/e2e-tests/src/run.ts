/*
 * End-to-end test of the whole product in headless Chromium: a local GitHub stand-in, the real
 * app (`yarn start`), then a person's path through it: sign in, the Datastores card and tab of
 * the `orders` service, the fleet page (`/datastores`), the "Provision datastore" template from
 * the first answer to the pull requests, which must then exist on the stand-in, and day 2 from
 * the card: "Change…" and "Decommission…" of the datastore it provisioned (dayTwo.ts), and a
 * request followed to ready while the guest's notifications page tells each step (lifecycle.ts).
 *
 * Run it with `yarn test:e2e` at the repo root. Screenshots and the app's log go to
 * e2e-test-report/ (git-ignored).
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import {
  GithubServer,
  KubernetesObject,
  KubernetesServer,
  startGithubServer,
  startKubernetesServer,
} from '@datastores/test-servers';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_POLICY } from '@datastores/plugin-datastores-common';
import { AppProcess, answers, freePort } from './app';
import {
  GuestUser,
  PRODUCTION_PROVISIONERS,
  checkProductionNotAllowed,
} from './productionPermission';
import { checkDayTwo } from './dayTwo';
import { checkLifecycleNotifications } from './lifecycle';
import { checkFleet } from './fleet';
import { signIn } from './signIn';
import { checkTemplateEditorDryRun } from './templateEditor';
import {
  E2E_TOKEN,
  TASK_TIMEOUT_MS,
  UI_TIMEOUT_MS,
  check,
  elapsed,
  reportDir,
  rootDir,
  say,
  screenshot,
  screenshots,
  textOf,
} from './report';
import { openProvisionTemplate, waitForDecision } from './form';
import { STAGING_ON_AURORA, checkProviderModule } from './providerModule';

const chromiumPath = process.env.E2E_CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The backend and the dev server's first compile, together. */
const APP_START_TIMEOUT_MS = 240_000;
/** The whole run, whatever happens. */
const TOTAL_TIMEOUT_MS = 540_000;

// The three datastores of examples/entities.yaml, as the card shows them.
const EXAMPLE_DATASTORES = [
  {
    entity: 'orders-main-production',
    name: 'main',
    environment: 'Production',
    strategy: 'Managed',
    provider: 'AWS RDS',
    // No AWS reader in app-config.yaml: what Terraform declares stays declared, never green.
    readiness: 'Declared',
    backups: 'Declared',
    // Its ExternalSecret on the Kubernetes stand-in has synced.
    secretSync: 'Synced',
    policy: 'Compliance unknown',
  },
  {
    entity: 'orders-cache-production',
    name: 'cache',
    environment: 'Production',
    strategy: 'Self-hosted',
    provider: 'Dragonfly',
    // Its Dragonfly on the stand-in is Ready and takes snapshots to S3; Dragonfly keeps no
    // retention of its own, so the required 7 days are not proven.
    readiness: 'Ready',
    backups: 'Unknown',
    // The ExternalSecret its Composition makes from the Password generator has synced.
    secretSync: 'Synced',
    policy: 'Compliance unknown',
  },
  {
    entity: 'orders-main-preview',
    name: 'main',
    environment: 'Preview',
    strategy: 'Self-hosted',
    provider: 'CloudNativePG',
    // Ephemeral: no backups needed; CloudNativePG reports the app secret it wrote.
    readiness: 'Ready',
    backups: 'Not required',
    secretSync: 'Synced',
    policy: 'Complies with the policy',
  },
] as Array<{
  entity: string;
  name: string;
  environment: string;
  strategy: string;
  provider: string;
  readiness: string;
  backups: string;
  secretSync: string;
  policy: string;
}>;

const LABELS = { 'backstage.io/kubernetes-id': 'orders' };
/** What the cluster holds for the example datastores (namespace `shop`, as they declare). */
const KUBERNETES_OBJECTS: KubernetesObject[] = [
  {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: {
      name: 'orders-main-production',
      namespace: 'shop',
      labels: LABELS,
    },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: {
        kind: 'ClusterSecretStore',
        name: 'aws-secrets-manager',
      },
    },
    status: {
      refreshTime: new Date(Date.now() - 10 * 60_000).toISOString(),
      conditions: [{ type: 'Ready', status: 'True', reason: 'SecretSynced' }],
    },
  },
  {
    // The store the ExternalSecret reads: cluster-scoped, read by name (no service label).
    apiVersion: 'external-secrets.io/v1',
    kind: 'ClusterSecretStore',
    metadata: { name: 'aws-secrets-manager' },
    spec: {
      provider: { aws: { service: 'SecretsManager', region: 'eu-west-1' } },
    },
    status: {
      conditions: [{ type: 'Ready', status: 'True', reason: 'Valid' }],
    },
  },
  {
    apiVersion: 'dragonflydb.io/v1alpha1',
    kind: 'Dragonfly',
    metadata: {
      name: 'orders-cache-production',
      namespace: 'shop',
      labels: LABELS,
    },
    spec: {
      replicas: 2,
      snapshot: { cron: '0 * * * *', dir: 's3://snapshots/orders-cache' },
    },
    status: { phase: 'Ready' },
  },
  {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: {
      name: 'orders-cache-production-app',
      namespace: 'shop',
      labels: LABELS,
    },
    spec: { refreshInterval: '0' },
    status: {
      refreshTime: new Date(Date.now() - 60 * 60_000).toISOString(),
      conditions: [{ type: 'Ready', status: 'True', reason: 'SecretSynced' }],
    },
  },
  {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    metadata: {
      name: 'orders-main-preview',
      namespace: 'shop',
      labels: LABELS,
    },
    spec: { instances: 1 },
    status: {
      phase: 'Cluster in healthy state',
      conditions: [{ type: 'Ready', status: 'True', reason: 'ClusterIsReady' }],
      secretsResourceVersion: { applicationSecretVersion: '1' },
    },
  },
];
const READINESS_TEXTS = ['Ready', 'Not ready', 'Declared', 'Unknown'];
const BACKUP_TEXTS = [
  'Protected',
  'At risk',
  'Unprotected',
  'Declared',
  'Not required',
  'Unknown',
];
const SECRET_SYNC_TEXTS = [
  'Synced',
  'Sync error',
  'Stale',
  'Pending',
  'In cluster',
  'Unknown',
];

async function checkCard(page: Page, frontendUrl: string) {
  await page.goto(`${frontendUrl}/catalog/default/component/orders`);
  const table = page.getByRole('table', { name: 'Datastores' });
  await table.waitFor({ timeout: UI_TIMEOUT_MS });
  // A cold first load may time out reading the clusters (the card then says so and retries
  // after 2, 5 and 15 s): wait until it has an answer that read everything.
  await page.waitForFunction(
    () =>
      !document.body.innerText.includes('Retrying…') &&
      !document.body.innerText.includes('Some status could not be read'),
    undefined,
    { timeout: 45_000, polling: 500 },
  );
  for (const d of EXAMPLE_DATASTORES) {
    const row = table.locator('tbody tr', {
      has: page.locator(`a[href$="/resource/${d.entity}"]`),
    });
    await row.waitFor({ timeout: UI_TIMEOUT_MS });
    const cells = row.locator('th, td');
    // The environment is folded under the name, so the table fits half a page.
    const [name, strategy, readiness, backups, secretSync] = await Promise.all(
      [0, 1, 2, 3, 4].map(i => textOf(cells.nth(i))),
    );
    const environment = d.environment;
    check(
      name.startsWith(`${d.name}${d.environment} · `),
      `${d.entity}: name "${name}" should start with "${d.name}" and its environment "${d.environment}"`,
    );
    check(
      strategy === `${d.strategy}${d.provider}`,
      `${d.entity}: strategy "${strategy}" should be ${d.strategy} / ${d.provider}`,
    );
    check(
      readiness === d.readiness,
      `${d.entity}: readiness "${readiness}" should be "${d.readiness}"`,
    );
    check(
      backups === d.backups,
      `${d.entity}: backups "${backups}" should be "${d.backups}"`,
    );
    check(
      secretSync === d.secretSync,
      `${d.entity}: secret sync "${secretSync}" should be "${d.secretSync}"`,
    );
    check(
      READINESS_TEXTS.includes(readiness),
      `${d.entity}: readiness "${readiness}" should be one of ${READINESS_TEXTS}`,
    );
    check(
      BACKUP_TEXTS.includes(backups),
      `${d.entity}: backups "${backups}" should be one of ${BACKUP_TEXTS}`,
    );
    check(
      SECRET_SYNC_TEXTS.includes(secretSync),
      `${d.entity}: secret sync "${secretSync}" should be one of ${SECRET_SYNC_TEXTS}`,
    );
    say(
      `card: ${d.entity}: ${environment}, ${d.strategy} (${d.provider}), readiness ${readiness}, backups ${backups}, secret sync ${secretSync}`,
    );
  }
  const rows = await table.locator('tbody tr').count();
  check(rows === EXAMPLE_DATASTORES.length, `card shows ${rows} rows, not 3`);
  // At 1440 px the table fits its card: nothing to scroll, nothing cut.
  const cut = await table.evaluate(t => {
    const wrapper = t.parentElement!;
    return wrapper.scrollWidth - wrapper.clientWidth;
  });
  check(cut <= 1, `card: the table fits its card at 1440 px (${cut} px cut)`);
  say('card: the table fits its card at 1440 px');
  await screenshot(page, 'entity-card');
}

async function checkTab(page: Page) {
  // The entity page's tabs are links (or tabs, depending on the catalog's version); the
  // sidebar's "Datastores" (the fleet page) is not one of them.
  await page
    .getByRole('tab', { name: 'Datastores', exact: true })
    .or(
      page
        .getByRole('link', { name: 'Datastores', exact: true })
        .and(page.locator('a[href$="/component/orders/datastores"]')),
    )
    .first()
    .click();
  await page.waitForURL(/\/catalog\/default\/component\/orders\/datastores$/, {
    timeout: UI_TIMEOUT_MS,
  });
  for (const environment of ['Production', 'Preview']) {
    await page
      .getByRole('heading', { level: 2, name: environment, exact: true })
      .waitFor({ timeout: UI_TIMEOUT_MS });
  }
  for (const d of EXAMPLE_DATASTORES) {
    const section = page
      .locator('section[aria-labelledby^="datastore-"]')
      .filter({ has: page.locator(`h3 a[href$="/resource/${d.entity}"]`) });
    await section.waitFor({ timeout: UI_TIMEOUT_MS });
    const text = await textOf(section);
    const expected = `${d.strategy} on ${d.provider}`;
    check(text.includes(expected), `tab: ${d.entity} should say "${expected}"`);
    for (const heading of [
      'Decision',
      'Policy',
      'Readiness',
      'Backups',
      'Secret sync',
      'How to connect',
    ]) {
      check(
        (await section
          .getByRole('heading', { level: 4, name: heading, exact: true })
          .count()) === 1,
        `tab: ${d.entity} should have a "${heading}" section`,
      );
    }
    check(text.includes(d.policy), `tab: ${d.entity} should say "${d.policy}"`);
  }
  const envSections = page.locator('section[aria-labelledby^="env-"]');
  check(
    (await envSections.count()) === 2,
    'tab: two environment sections (Production, Preview)',
  );
  say('tab: Production and Preview sections, each datastore fully described');
  await screenshot(page, 'entity-tab');
}

async function provision(
  page: Page,
  frontendUrl: string,
  github: GithubServer,
) {
  await openProvisionTemplate(page, frontendUrl);
  const datastoreName = page.getByRole('textbox', { name: /^Datastore name/ });
  // A name too long for what it leads to is caught here, in words, before Create.
  await datastoreName.fill('a'.repeat(40));
  const derived = page.getByRole('list', { name: 'Derived names' });
  await derived
    .getByText(/too many/)
    .first()
    .waitFor({ timeout: UI_TIMEOUT_MS });
  await page.getByRole('button', { name: 'Next' }).click();
  await page
    .getByText(/service and name are too long together/)
    .first()
    .waitFor({ timeout: UI_TIMEOUT_MS });
  check(
    (await page.getByRole('checkbox', { name: 'Preview' }).count()) === 0,
    'form: a name too long for its targets stays on its step',
  );
  await screenshot(page, 'template-name-too-long');
  say('form: a 40-character name is refused on its step, in words');

  await datastoreName.fill('sessions');
  await derived
    .getByText('orders-sessions-production', { exact: false })
    .waitFor({ timeout: UI_TIMEOUT_MS });
  say(`form: derived names ${await textOf(derived)}`);
  await screenshot(page, 'template-what-for');
  await page.getByRole('button', { name: 'Next' }).click();

  // Preview only, ephemeral: self-hosted on CloudNativePG.
  const preview = page.getByRole('checkbox', { name: 'Preview' });
  await preview.waitFor({ timeout: UI_TIMEOUT_MS });
  if (!(await preview.isChecked())) await preview.check();
  await page.getByRole('radio', { name: /^Ephemeral/ }).check();
  await waitForDecision(page, 'Preview: Self-hosted on CloudNativePG');
  await screenshot(page, 'template-preview-ephemeral');

  // Catastrophic data in preview is refused, and the form does not go on with it.
  await page.getByRole('radio', { name: /^Catastrophic/ }).check();
  await page
    .getByText('This datastore cannot be provisioned as asked')
    .first()
    .waitFor({ timeout: UI_TIMEOUT_MS });
  await page.getByRole('button', { name: 'Next' }).click();
  // The step's validation names the refusal (rjsf lists it above and below the field).
  await page
    .getByText(/^This datastore cannot be provisioned as asked: Refused/)
    .first()
    .waitFor({ timeout: UI_TIMEOUT_MS });
  check(
    (await page.getByText('Team reviewers').count()) === 0 &&
      (await page.getByRole('radio', { name: /^Catastrophic/ }).isVisible()),
    'form: a refused request stays on its step',
  );
  say('form: a refused request cannot go past its step');
  await screenshot(page, 'template-refused-blocked');

  // Production only, catastrophic: managed on AWS RDS.
  await page.getByRole('checkbox', { name: 'Production' }).check();
  await preview.uncheck();
  await page.getByRole('radio', { name: /^Catastrophic/ }).check();
  await waitForDecision(page, 'Production: Managed on AWS RDS');
  await screenshot(page, 'template-production-catastrophic');

  await page.getByRole('button', { name: 'Next' }).click();

  // Reviewers and labels are optional: leave them empty.
  await page
    .getByText('Reviewers and labels')
    .first()
    .waitFor({ timeout: UI_TIMEOUT_MS });
  await page.getByRole('button', { name: /^(Next|Review)$/ }).click();
  const create = page.getByRole('button', { name: 'Create' });
  await create.waitFor({ timeout: UI_TIMEOUT_MS });
  check(
    (await page.getByText('Production: Managed on AWS RDS').count()) > 0,
    'review: shows the decision',
  );
  const reviewCost = await page
    .getByText(/about \$[\d,]+\/month in total/)
    .first()
    .textContent();
  check(reviewCost, 'review: shows the estimated monthly cost');
  say(`review: shows the decision and its cost (${reviewCost})`);
  await screenshot(page, 'template-review');
  await create.click();

  // The task's output: a link per pull request, to the stand-in.
  const terraformLink = page.getByRole('link', {
    name: /acme\/infra-terraform#\d+/,
  });
  const gitopsLink = page.getByRole('link', { name: /acme\/infra-gitops#\d+/ });
  await terraformLink.waitFor({ timeout: TASK_TIMEOUT_MS });
  await gitopsLink.waitFor({ timeout: UI_TIMEOUT_MS });
  const links = await Promise.all(
    [terraformLink, gitopsLink].map(l => l.getAttribute('href')),
  );
  say(`task finished; pull requests: ${links.join(', ')}`);
  await screenshot(page, 'task-finished');

  for (const [repo, link] of [
    ['infra-terraform', links[0]],
    ['infra-gitops', links[1]],
  ] as const) {
    const prs = github.pullRequests('acme', repo);
    check(
      prs.length === 1,
      `acme/${repo} should have 1 pull request, has ${prs.length}`,
    );
    const [pr] = prs;
    check(
      link === `${github.url}/acme/${repo}/pull/${pr.number}`,
      `the task links ${link}, the stand-in has acme/${repo}#${pr.number}`,
    );
    check(pr.state === 'open', `acme/${repo}#${pr.number} should be open`);
    check(
      /sessions/.test(pr.title),
      `acme/${repo}#${pr.number}'s title "${pr.title}" should name the datastore`,
    );
    const files = Object.keys(github.files('acme', repo, pr.head)).filter(
      f => f !== 'README.md',
    );
    check(files.length > 0, `acme/${repo}#${pr.number} should change files`);
    say(
      `stand-in: acme/${repo}#${pr.number} "${pr.title}" (${pr.head} -> ${
        pr.base
      }, labels ${pr.labels.join(',') || '-'}): ${files.join(', ')}`,
    );
  }
}

/** The service's card now lists the requested datastore, with its pull requests. */
async function checkRequested(page: Page, frontendUrl: string) {
  await page.goto(`${frontendUrl}/catalog/default/component/orders`);
  const row = page
    .getByRole('table', { name: 'Datastores' })
    .locator('tbody tr', {
      has: page.getByRole('rowheader', { name: /^sessions/ }),
    });
  await row.waitFor({ timeout: UI_TIMEOUT_MS });
  const text = await textOf(row);
  check(text.includes('Requested'), `card: sessions should be "Requested"`);
  check(
    text.includes('Managed') && text.includes('AWS RDS'),
    `card: sessions should be managed on AWS RDS ("${text}")`,
  );
  say(`card after provisioning: ${text}`);
  await screenshot(page, 'entity-card-requested');

  // Keyboard only: focus the pull requests' button, open it with Enter, reach a link, close.
  const prButton = row.getByRole('button', { name: /pull requests?:/ });
  await prButton.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Pull requests' });
  await dialog.waitFor({ timeout: UI_TIMEOUT_MS });
  const prLinks = await dialog.getByRole('link').count();
  check(prLinks >= 1, 'card: sessions should link its pull requests');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(
    () => document.activeElement?.getAttribute('aria-label') ?? '',
  );
  check(
    focused.startsWith('Pull request acme/'),
    `card: Tab reaches a pull request link (focused "${focused}")`,
  );
  await screenshot(page, 'entity-card-pull-requests');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
  say(
    `card: keyboard only, ${prLinks} pull request link(s) reached and closed`,
  );

  // A phone: the card stacks each datastore, nothing cut.
  await page.setViewportSize({ width: 375, height: 800 });
  const stacked = page.getByRole('list', { name: 'Datastores' });
  await stacked.waitFor({ timeout: UI_TIMEOUT_MS });
  const sessions = stacked.locator(':scope > li', { hasText: 'sessions' });
  const stackedText = await textOf(sessions.first());
  check(
    [
      'Environment',
      'Strategy',
      'Backups',
      'Secret sync',
      'Pull requests',
    ].every(f => stackedText.includes(f)),
    `card at 375 px: every fact of sessions shows ("${stackedText}")`,
  );
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  say(`card at 375 px: stacked; horizontal overflow ${overflow} px`);
  await screenshot(page, 'entity-card-375px');
  await page.setViewportSize({ width: 1440, height: 1000 });
}

async function main() {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `No Chromium at ${chromiumPath}: install it (apt-get install chromium) or set E2E_CHROMIUM_PATH`,
    );
  }
  rmSync(reportDir, { recursive: true, force: true });
  mkdirSync(reportDir, { recursive: true });

  let app: AppProcess | undefined;
  let github: GithubServer | undefined;
  let kubernetes: KubernetesServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let failed = false;

  const cleanup = async () => {
    await browser?.close().catch(() => {});
    await app?.stop();
    await github?.close().catch(() => {});
    await kubernetes?.close().catch(() => {});
  };
  process.on('exit', () => app?.kill());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      say(`${signal}: stopping the app`);
      cleanup().finally(() => process.exit(130));
    });
  }
  const watchdog = setTimeout(() => {
    say(
      `FAILED: the whole run took more than ${
        TOTAL_TIMEOUT_MS / 1000
      } s\n--- last lines of the app's log ---\n${app?.tail()}`,
    );
    cleanup().finally(() => process.exit(1));
  }, TOTAL_TIMEOUT_MS);
  watchdog.unref();

  try {
    github = await startGithubServer({ tokens: ['e2e'] });
    for (const name of ['infra-terraform', 'infra-gitops']) {
      github.seedRepo({
        owner: 'acme',
        name,
        files: { 'README.md': `# ${name}\n\nSeeded by the e2e test.\n` },
        labels: ['datastores'],
      });
    }
    say(`GitHub stand-in at ${github.url}`);
    kubernetes = await startKubernetesServer({
      tokens: ['e2e'],
      objects: KUBERNETES_OBJECTS,
    });
    say(`Kubernetes stand-in at ${kubernetes.url}`);

    const [backendPort, frontendPort] = [await freePort(), await freePort()];
    const backendUrl = `http://localhost:${backendPort}`;
    const frontendUrl = `http://localhost:${frontendPort}`;
    const configDir = mkdtempSync(join(tmpdir(), 'datastores-e2e-'));
    const configPath = join(configDir, 'app-config.e2e.yaml');
    const guest = new GuestUser(configDir, PRODUCTION_PROVISIONERS);
    // JSON is YAML; arrays (integrations.github) replace the base config's.
    const config = {
      app: { baseUrl: frontendUrl },
      backend: {
        baseUrl: backendUrl,
        listen: { port: backendPort },
        cors: { origin: frontendUrl },
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token: E2E_TOKEN, subject: 'e2e-test' },
            },
          ],
        },
      },
      integrations: {
        github: [
          {
            host: new URL(github.url).host,
            apiBaseUrl: github.apiBaseUrl,
            token: 'e2e',
          },
        ],
      },
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'e2e',
                url: kubernetes.url,
                authProvider: 'serviceAccount',
                serviceAccountToken: 'e2e',
                skipTLSVerify: true,
                skipMetricsLookup: true,
              },
            ],
          },
        ],
      },
      // app-config.yaml's locations and the test's own guest user, whose group it changes
      // (registering a `file` location through the API is refused by default).
      catalog: {
        // The e2e's merges reach the catalog within seconds (the test triggers it too).
        providers: {
          datastores: {
            schedule: {
              frequency: { seconds: 5 },
              timeout: { seconds: 30 },
              initialDelay: { seconds: 1 },
            },
          },
        },
        locations: [
          ...parseYaml(readFileSync(join(rootDir, 'app-config.yaml'), 'utf8'))
            .catalog.locations,
          { type: 'file', target: guest.path, rules: [{ allow: ['User'] }] },
        ],
      },
      datastores: {
        // The guest is in this group for the main walk, which provisions production and then
        // decommissions it (the example policy lets nobody decommission production by default).
        permissions: {
          productionProvisioners: [PRODUCTION_PROVISIONERS],
          productionDecommissioners: [PRODUCTION_PROVISIONERS],
        },
        targets: {
          terraform: { repoUrl: `${github.url}/acme/infra-terraform` },
          gitops: { repoUrl: `${github.url}/acme/infra-gitops` },
        },
        // The default policy, with the example provider module's rule before the managed one.
        policy: DEFAULT_POLICY.flatMap(rule =>
          rule.name === 'catastrophic-is-managed'
            ? [STAGING_ON_AURORA, rule]
            : [rule],
        ),
      },
    };
    writeFileSync(configPath, JSON.stringify(config, null, 2));
    const logPath = join(reportDir, 'app.log');
    say(
      `starting the app: frontend ${frontendUrl}, backend ${backendUrl}, config ${configPath}, log ${logPath}`,
    );
    app = new AppProcess({
      rootDir,
      configPaths: [join(rootDir, 'app-config.yaml'), configPath],
      logPath,
      env: { GITHUB_TOKEN: 'e2e' },
    });
    const deadline = Date.now() + APP_START_TIMEOUT_MS;
    await app.waitFor(
      `the backend's readiness (${backendUrl}/.backstage/health/v1/readiness)`,
      () => answers(`${backendUrl}/.backstage/health/v1/readiness`, 5_000),
      deadline - Date.now(),
    );
    say('backend ready');
    await guest.waitForMembership(backendUrl, PRODUCTION_PROVISIONERS);
    say(`catalog: the guest is a member of ${PRODUCTION_PROVISIONERS}`);
    // The dev server holds requests until its first compile is done.
    await app.waitFor(
      `the frontend (${frontendUrl})`,
      () => answers(frontendUrl, 30_000),
      deadline - Date.now(),
    );
    say('frontend compiled and serving');

    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const context = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
    });
    page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    page.on('pageerror', error => say(`page error: ${error.message}`));

    await signIn(page, frontendUrl);
    say('signed in as guest; the catalog lists orders');
    await checkCard(page, frontendUrl);
    check(
      kubernetes.calls.some(c => c.status === 200),
      'the backend should have read live status from the Kubernetes stand-in',
    );
    await checkTab(page);
    // Before provisioning, so the fleet is exactly the three example datastores.
    await checkFleet(page, EXAMPLE_DATASTORES);
    await provision(page, frontendUrl, github);
    await checkRequested(page, frontendUrl);
    await checkLifecycleNotifications(
      page,
      frontendUrl,
      backendUrl,
      github,
      kubernetes,
    );
    await checkDayTwo(page, frontendUrl, backendUrl, github);
    await checkTemplateEditorDryRun(page, frontendUrl, github);
    await checkProductionNotAllowed(browser, frontendUrl, backendUrl, guest);
    await checkProviderModule(page, frontendUrl, github);
  } catch (error) {
    failed = true;
    console.error(`\n[e2e ${elapsed()}] FAILED: ${(error as Error).stack}`);
    if (page) {
      await screenshot(page, 'failure').catch(e =>
        say(`no failure screenshot: ${e}`),
      );
      say(`page at failure: ${page.url()}`);
    }
    if (app) {
      if (app.restartedOnChange) {
        console.error(
          `\n[e2e] Note: the backend restarted during the run because a source file changed (\`yarn start\` watches them); edit nothing while the test runs.`,
        );
      }
      console.error(
        `\n--- last lines of the app's log (all of it: ${join(
          reportDir,
          'app.log',
        )}) ---\n${app.tail()}\n---`,
      );
    }
  } finally {
    clearTimeout(watchdog);
    say('stopping the app');
    await cleanup();
  }

  console.log(`\nScreenshots (${screenshots.length}):`);
  for (const path of screenshots) console.log(`  ${path}`);
  console.log(`App log: ${join(reportDir, 'app.log')}`);
  say(failed ? 'e2e FAILED' : 'e2e passed');
  process.exit(failed ? 1 : 0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
