/*
 * Day 2, from the service's card: the `sessions` database the main walk provisioned (production,
 * catastrophic: RDS, a pull request to each repo) is resized through "Change…", then
 * decommissioned through "Decommission…": a first run opens the safeguard (the final snapshot),
 * a second one, once that is merged, the removal. Each pull request is then read on the GitHub
 * stand-in. A change or a decommission is refused while another pull request of the datastore is
 * open, so each one is merged on the stand-in first, as a reviewer would (the actions read the
 * states from GitHub). The card learns of a merge from the backend's refresher, which the test
 * runs at once (the scheduler's own trigger endpoint, rather than waiting for its 5-minute
 * schedule) before it looks for what the merge changes there.
 */
import { Page } from 'playwright-core';
import { GithubServer, PullRequestRecord } from '@datastores/test-servers';
import { reviewAndCreate } from './form';
import {
  E2E_TOKEN,
  TASK_TIMEOUT_MS,
  UI_TIMEOUT_MS,
  check,
  say,
  screenshot,
  textOf,
} from './report';

const OWNER = 'acme';
const REPOS = ['infra-terraform', 'infra-gitops'] as const;
const SERVICE = 'component:default/orders';
const NAME = 'sessions';
/** How long the backend's refresher may take to see a merge on the stand-in. */
const REFRESH_TIMEOUT_MS = 60_000;
/** The scheduled task that refreshes requests from their pull requests (datastores-backend). */
const REFRESH_TASK = 'datastores-refresh-requests';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

type RecordedPullRequest = {
  repo: string;
  number: number;
  state?: string;
  operation?: string;
};

/** The backend's record of `sessions`, as the actions read it (`GET /v1/requests`). */
async function sessionsRecord(backendUrl: string) {
  const response = await fetch(
    `${backendUrl}/api/datastores/v1/requests?entityRef=${encodeURIComponent(
      SERVICE,
    )}`,
    { headers: { authorization: `Bearer ${E2E_TOKEN}` } },
  );
  check(response.ok, `GET /v1/requests answered ${response.status}`);
  const { items } = (await response.json()) as {
    items: Array<{
      request: { name: string; pullRequests: RecordedPullRequest[] };
    }>;
  };
  return items.find(r => r.request.name === NAME)?.request;
}

/** Merges every open pull request of `sessions` on the stand-in, as a reviewer would. */
function mergeOpen(github: GithubServer): PullRequestRecord[] {
  const merged: PullRequestRecord[] = [];
  for (const repo of REPOS) {
    for (const pr of github.pullRequests(OWNER, repo)) {
      if (pr.state === 'open' && pr.title.includes(NAME)) {
        github.mergePullRequest(OWNER, repo, pr.number);
        merged.push(pr);
        say(`stand-in: merged ${OWNER}/${repo}#${pr.number} "${pr.title}"`);
      }
    }
  }
  return merged;
}

/**
 * Runs the backend's request refresher now, through the scheduler's endpoint on the plugin's
 * router; a 409 says a run is already under way, which does as well.
 */
async function triggerRefresh(backendUrl: string) {
  const response = await fetch(
    `${backendUrl}/api/datastores/.backstage/scheduler/v1/tasks/${REFRESH_TASK}/trigger`,
    { method: 'POST', headers: { authorization: `Bearer ${E2E_TOKEN}` } },
  );
  check(
    response.ok || response.status === 409,
    `triggering ${REFRESH_TASK} answered ${
      response.status
    } ${await response.text()}`,
  );
}

/** Waits until the backend's record has seen every pull request of `sessions` merged. */
async function waitForMergedRecord(backendUrl: string) {
  const deadline = Date.now() + REFRESH_TIMEOUT_MS;
  for (let attempt = 0; ; attempt++) {
    if (attempt % 5 === 0) await triggerRefresh(backendUrl);
    const record = await sessionsRecord(backendUrl);
    const prs = record?.pullRequests ?? [];
    if (prs.length && prs.every(p => p.state === 'merged')) {
      say(
        `backend: sessions' pull requests all merged (${prs
          .map(p => `${p.repo}#${p.number} ${p.operation ?? 'provision'}`)
          .join(', ')})`,
      );
      return;
    }
    check(
      Date.now() < deadline,
      `the backend's refresher should see sessions' pull requests merged within ${
        REFRESH_TIMEOUT_MS / 1000
      } s; the record has ${JSON.stringify(prs)}`,
    );
    await sleep(1_000);
  }
}

/** The answers a template page was opened with (`?formData=`). */
function formDataOf(url: string): Record<string, unknown> {
  const formData = new URL(url).searchParams.get('formData');
  check(formData, `${url} should carry formData`);
  return JSON.parse(formData);
}

/** Opens the card of `orders` and its menu item `item` for sessions in production. */
async function openFromCard(page: Page, frontendUrl: string, item: string) {
  await page.goto(`${frontendUrl}/catalog/default/component/orders`);
  const actions = page.getByRole('button', {
    name: `Actions for ${NAME} (Production)`,
  });
  await actions.waitFor({ timeout: UI_TIMEOUT_MS });
  await actions.click();
  await page.getByRole('menuitem', { name: item }).click();
  await page.waitForURL(/\/create\/templates\/default\/[a-z-]+\?formData=/, {
    timeout: UI_TIMEOUT_MS,
  });
  return formDataOf(page.url());
}

/**
 * sessions' production row on the card of `orders`, once its text passes `until`: the card is
 * read again (a reload) until the backend says so, as someone checking back would.
 */
async function sessionsRow(
  page: Page,
  frontendUrl: string,
  what: string,
  until: (text: string) => boolean,
) {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  for (;;) {
    await page.goto(`${frontendUrl}/catalog/default/component/orders`);
    const row = page
      .getByRole('table', { name: 'Datastores' })
      .locator('tbody tr', {
        has: page.getByRole('rowheader', { name: /^sessions/ }),
      });
    await row.waitFor({ timeout: UI_TIMEOUT_MS });
    const text = await textOf(row);
    if (until(text)) {
      // The page scrolls inside its content: bring the row into the screenshot.
      await row.scrollIntoViewIfNeeded();
      say(`card: sessions ${what}: ${text}`);
      return row;
    }
    check(
      Date.now() < deadline,
      `card: sessions should be ${what}; its row says "${text}"`,
    );
    await sleep(2_000);
  }
}

/** The task's links to pull requests in `repo`, once its output shows. */
async function outputLinks(page: Page, repos: readonly string[]) {
  const links: Record<string, number> = {};
  const first = page.getByRole('link', {
    name: new RegExp(`${OWNER}/(${repos.join('|')})#\\d+`),
  });
  await first.first().waitFor({ timeout: TASK_TIMEOUT_MS });
  for (const repo of REPOS) {
    const link = page.getByRole('link', {
      name: new RegExp(`${OWNER}/${repo}#\\d+`),
    });
    if (await link.count()) {
      const href = (await link.first().getAttribute('href')) ?? '';
      links[repo] = Number(href.split('/pull/')[1]);
    }
  }
  return links;
}

/** The stand-in's pull request `number` of `repo`. */
function pullRequest(github: GithubServer, repo: string, number: number) {
  const pr = github.pullRequests(OWNER, repo).find(p => p.number === number);
  check(pr, `${OWNER}/${repo}#${number} should exist on the stand-in`);
  return pr;
}

/** Lines a pull request's head adds and removes against its base, file by file. */
function diffOf(github: GithubServer, repo: string, pr: PullRequestRecord) {
  const base = github.files(OWNER, repo, pr.base);
  const head = github.files(OWNER, repo, pr.head);
  const paths = [...new Set([...Object.keys(base), ...Object.keys(head)])];
  return paths.flatMap(path => {
    if (base[path] === head[path]) return [];
    const before = base[path]?.split('\n') ?? [];
    const after = head[path]?.split('\n') ?? [];
    return [
      {
        path,
        deleted: head[path] === undefined,
        added: after.filter(l => !before.includes(l)),
        removed: before.filter(l => !after.includes(l)),
      },
    ];
  });
}

/** "Change…" from the card: sessions from small to medium, in place. */
async function change(
  page: Page,
  frontendUrl: string,
  github: GithubServer,
): Promise<void> {
  const formData = await openFromCard(page, frontendUrl, 'Change…');
  check(
    formData.service === SERVICE &&
      formData.name === NAME &&
      JSON.stringify(formData.environments) === '["production"]' &&
      formData.criticality === 'catastrophic',
    `"Change…" should pre-fill sessions as it is; got ${JSON.stringify(
      formData,
    )}`,
  );
  say(`change: the template opened with ${JSON.stringify(formData)}`);
  const name = page.getByRole('textbox', { name: /^Datastore name/ });
  await name.waitFor({ timeout: UI_TIMEOUT_MS });
  check(
    (await name.inputValue()) === NAME,
    'change: the datastore name is filled in',
  );
  await screenshot(page, 'change-which-datastore');
  await page.getByRole('button', { name: 'Next' }).click();

  // What changes: the size. The rest is as it is, ticked from the link.
  const production = page.getByRole('checkbox', { name: 'Production' });
  await production.waitFor({ timeout: UI_TIMEOUT_MS });
  check(await production.isChecked(), 'change: Production is ticked');
  check(
    await page.getByRole('radio', { name: /^Catastrophic/ }).isChecked(),
    'change: Catastrophic is chosen',
  );
  await page.getByRole('button', { name: /^Size/ }).click();
  await page.getByRole('option', { name: 'medium', exact: true }).click();
  const what = page.getByLabel('What changes');
  await what
    .getByText(/^Size: .* → medium\.$/)
    .waitFor({ timeout: UI_TIMEOUT_MS });
  check(
    (await what.getByRole('heading', { name: 'Changed in place' }).count()) ===
      1,
    'change: the preview says the resize is made in place',
  );
  say(`change: the preview says ${await textOf(what)}`);
  await screenshot(page, 'change-what-changes');
  await page.getByRole('button', { name: 'Next' }).click();
  await reviewAndCreate(page);

  const links = await outputLinks(page, REPOS);
  say(`change: task finished; pull requests ${JSON.stringify(links)}`);
  await screenshot(page, 'change-task-finished');
  check(
    links['infra-terraform'],
    'change: a pull request to the Terraform repo',
  );
  const pr = pullRequest(github, 'infra-terraform', links['infra-terraform']);
  check(pr.state === 'open', `change: #${pr.number} should be open`);
  const diff = diffOf(github, 'infra-terraform', pr);
  say(
    `stand-in: ${OWNER}/infra-terraform#${pr.number} "${
      pr.title
    }" changes ${diff
      .map(
        f =>
          `${f.path} (+${f.added.map(l => l.trim()).join(' | ')}; -${f.removed
            .map(l => l.trim())
            .join(' | ')})`,
      )
      .join(', ')}`,
  );
  // Only the size changes: the instance class and the storage, nothing deleted.
  check(diff.length > 0, 'change: the pull request changes a file');
  check(
    diff.every(
      f =>
        !f.deleted &&
        [...f.added, ...f.removed].every(l =>
          /instance_class|allocated_storage/.test(l),
        ),
    ),
    `change: only the size's lines change (${JSON.stringify(diff)})`,
  );
  check(
    diff.some(f => f.added.some(l => /instance_class/.test(l))),
    'change: the instance class changes',
  );
  if (links['infra-gitops']) {
    const gitops = pullRequest(github, 'infra-gitops', links['infra-gitops']);
    const gitopsDiff = diffOf(github, 'infra-gitops', gitops);
    check(
      gitopsDiff.every(f => !f.deleted),
      'change: the GitOps pull request deletes nothing',
    );
  }
}

/**
 * "Decommission…" from the card, or (`again`) its second run: the name typed to confirm (a wrong
 * one stays on its step), then the task's pull requests.
 */
async function decommission(page: Page, formData: Record<string, unknown>) {
  check(
    formData.service === SERVICE &&
      formData.name === NAME &&
      JSON.stringify(formData.environments) === '["production"]',
    `decommission: the template should open pre-filled with sessions in production; got ${JSON.stringify(
      formData,
    )}`,
  );
  const production = page.getByRole('checkbox', { name: 'Production' });
  await production.waitFor({ timeout: UI_TIMEOUT_MS });
  check(await production.isChecked(), 'decommission: Production is ticked');
  await page.getByRole('button', { name: 'Next' }).click();

  const confirm = page.getByRole('textbox', {
    name: /^Datastore name, to confirm/,
  });
  await confirm.waitFor({ timeout: UI_TIMEOUT_MS });
  await confirm.fill('session');
  await page.getByRole('button', { name: 'Next' }).click();
  await page
    .getByText(/Type the datastore's name, sessions, exactly/)
    .first()
    .waitFor({ timeout: UI_TIMEOUT_MS });
  check(
    (await page.getByText('Team reviewers').count()) === 0,
    'decommission: a name that does not match stays on its step',
  );
  await screenshot(page, 'decommission-confirm-refused');
  await confirm.fill(NAME);
  await page.getByRole('button', { name: 'Next' }).click();
  await reviewAndCreate(page);
}

/** Today's final snapshot identifier of sessions in production, as the action names it. */
function finalSnapshotOfToday() {
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  return `orders-sessions-production-final-${day}`;
}

/** The whole day-2 walk; `sessions` was provisioned by the main walk, its PRs still open. */
export async function checkDayTwo(
  page: Page,
  frontendUrl: string,
  backendUrl: string,
  github: GithubServer,
) {
  // A change of a datastore whose provision is still in review is refused: merge it first
  // (the actions read the states from GitHub, so a merge of a moment ago counts).
  mergeOpen(github);
  await change(page, frontendUrl, github);

  // The decommission is refused while the change is in review: merge it too.
  mergeOpen(github);
  await decommission(
    page,
    await openFromCard(page, frontendUrl, 'Decommission…'),
  );
  const safeguardLinks = await outputLinks(page, REPOS);
  await page
    .getByText(/run "Decommission datastore" again/)
    .first()
    .waitFor({ timeout: UI_TIMEOUT_MS });
  say(
    `decommission: safeguard opened; pull requests ${JSON.stringify(
      safeguardLinks,
    )}; the output says to run it again once merged`,
  );
  await screenshot(page, 'decommission-safeguard-finished');
  check(
    safeguardLinks['infra-terraform'] && !safeguardLinks['infra-gitops'],
    'decommission: the safeguard is one pull request, to the Terraform repo',
  );
  const safeguard = pullRequest(
    github,
    'infra-terraform',
    safeguardLinks['infra-terraform'],
  );
  const snapshot = finalSnapshotOfToday();
  const safeguardFiles = Object.values(
    github.files(OWNER, 'infra-terraform', safeguard.head),
  ).join('\n');
  for (const line of [
    /deletion_protection\s*=\s*false/,
    /skip_final_snapshot\s*=\s*false/,
    new RegExp(`final_snapshot_identifier\\s*=\\s*"${snapshot}"`),
  ]) {
    check(
      line.test(safeguardFiles),
      `decommission: the safeguard's Terraform should have ${line}`,
    );
  }
  check(
    diffOf(github, 'infra-terraform', safeguard).every(f => !f.deleted),
    'decommission: the safeguard deletes nothing',
  );
  say(
    `stand-in: ${OWNER}/infra-terraform#${safeguard.number} "${safeguard.title}": protection off, final snapshot ${snapshot}`,
  );

  // The card says so: decommissioning, the snapshot it takes, no menu while it lasts.
  const safeguarding = await sessionsRow(
    page,
    frontendUrl,
    'decommissioning, its data safeguarded',
    text =>
      text.includes('Decommissioning') &&
      text.includes(`Safeguard: final snapshot ${snapshot}`),
  );
  check(
    (await safeguarding
      .getByRole('button', { name: /^Actions for sessions/ })
      .count()) === 0,
    'card: no "Change…" or "Decommission…" menu for a datastore being decommissioned',
  );
  await screenshot(page, 'entity-card-decommissioning');

  // Once the safeguard is merged (and applied), the card offers to open the removal: the same
  // answers, run again.
  mergeOpen(github);
  await waitForMergedRecord(backendUrl);
  const safe = await sessionsRow(
    page,
    frontendUrl,
    'safe, its removal not open yet',
    text => text.includes('Open the removal…'),
  );
  await safe.getByRole('link', { name: 'Open the removal…' }).click();
  await page.waitForURL(
    /\/create\/templates\/default\/decommission-datastore\?formData=/,
    {
      timeout: UI_TIMEOUT_MS,
    },
  );
  await decommission(page, formDataOf(page.url()));
  const removalLinks = await outputLinks(page, REPOS);
  say(
    `decommission: removal opened; pull requests ${JSON.stringify(
      removalLinks,
    )}`,
  );
  await screenshot(page, 'decommission-removal-finished');
  check(
    removalLinks['infra-terraform'] && removalLinks['infra-gitops'],
    'decommission: the removal is a pull request to each repo (the database; its ExternalSecret)',
  );
  for (const repo of REPOS) {
    const pr = pullRequest(github, repo, removalLinks[repo]);
    const diff = diffOf(github, repo, pr);
    const deleted = diff.filter(f => f.deleted).map(f => f.path);
    check(
      deleted.length > 0 && diff.every(f => f.deleted),
      `decommission: ${OWNER}/${repo}#${
        pr.number
      } only deletes files (${JSON.stringify(
        diff.map(f => ({ path: f.path, deleted: f.deleted })),
      )})`,
    );
    check(
      deleted.every(p => p.includes(NAME)),
      `decommission: ${OWNER}/${repo}#${pr.number} deletes only sessions' files (${deleted})`,
    );
    say(
      `stand-in: ${OWNER}/${repo}#${pr.number} "${
        pr.title
      }" deletes ${deleted.join(', ')}`,
    );
  }
  check(
    pullRequest(
      github,
      'infra-terraform',
      removalLinks['infra-terraform'],
    ).body.includes(snapshot),
    'decommission: the removal names the final snapshot',
  );

  // The card: in removal, each pull request named with what it does.
  const removing = await sessionsRow(page, frontendUrl, 'in removal', text =>
    text.includes('Removal'),
  );
  const prs = removing.getByRole('button', { name: /pull requests?:/ });
  const label = (await prs.getAttribute('aria-label')) ?? '';
  for (const repo of REPOS) {
    check(
      label.includes(`${OWNER}/${repo}#${removalLinks[repo]} (removal, open)`),
      `card: sessions' pull requests should list ${OWNER}/${repo}#${removalLinks[repo]} as an open removal ("${label}")`,
    );
  }
  check(
    label.includes(
      `${OWNER}/infra-terraform#${safeguard.number} (safeguard, merged)`,
    ),
    `card: sessions' pull requests should list the merged safeguard ("${label}")`,
  );
  say(`card: ${label}`);
  await screenshot(page, 'entity-card-removal');
}
