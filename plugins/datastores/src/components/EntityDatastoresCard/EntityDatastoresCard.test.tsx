import { act, fireEvent, screen, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { DatastoreStatus } from '@datastores/plugin-datastores-common';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { DATASTORES_STATUS_CHANNEL } from '@datastores/plugin-datastores-common';
import { DatastoresApi, datastoresApiRef } from '../../api';
import { scaffolderTemplateRouteRef } from '../../routes';
import {
  aDatastore,
  aDatastoreWithLifecycle,
  anAnswer,
  fakeDatastoresApi,
  fakeSignalApi,
  ordersService,
} from '../../../fixtures/fixtures';
import { absoluteTime } from '../../time';
import { EntityDatastoresCard } from './EntityDatastoresCard';

/** The backend's signal, as it reaches the page. */
async function publish(
  signals: ReturnType<typeof fakeSignalApi>,
  channel: string,
  message: Record<string, any>,
) {
  await act(async () => signals.publish(channel, message));
}

async function renderCard(
  api: DatastoresApi,
  entity: Entity = ordersService,
  mountedRoutes: Record<string, any> = {},
  signals?: ReturnType<typeof fakeSignalApi>,
) {
  const tree = (
    <TestApiProvider apis={[[datastoresApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityDatastoresCard />
      </EntityProvider>
    </TestApiProvider>
  );
  return renderInTestApp(
    signals ? (
      <TestApiProvider apis={[[signalApiRef, signals]]}>{tree}</TestApiProvider>
    ) : (
      tree
    ),
    {
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        ...mountedRoutes,
      },
    },
  );
}

/** The template a menu item links to, and the answers it pre-fills. */
function templateLink(item: HTMLElement) {
  const [path, query] = item.getAttribute('href')!.split('?');
  const formData = new URLSearchParams(query).get('formData');
  return { path, formData: formData ? JSON.parse(formData) : undefined };
}

/** Opens the actions' menu of one datastore and returns its items. */
async function openActions(name: string) {
  fireEvent.click(await screen.findByRole('button', { name }));
  const menu = await screen.findByRole('menu');
  return {
    change: within(menu).getByRole('menuitem', { name: 'Change…' }),
    decommission: within(menu).getByRole('menuitem', {
      name: 'Decommission…',
    }),
  };
}

/** The table row of the datastore named `name` in `environment`. */
function row(name: string, environment = 'Production') {
  const rows = screen.getAllByRole('row').filter(r => {
    const header = within(r).queryByRole('rowheader');
    return (
      header?.textContent?.startsWith(name) &&
      // The environment is in the name's caption: "Production · Database · PostgreSQL".
      within(r).queryByText(new RegExp(`^${environment} · `))
    );
  });
  expect(rows).toHaveLength(1);
  return rows[0];
}

/** The cell of the only datastore in the column headed `column`. */
async function findCell(column: string) {
  const headers = (await screen.findAllByRole('columnheader')).map(
    h => h.textContent,
  );
  const [, firstRow] = screen.getAllByRole('row');
  return firstRow.children[headers.indexOf(column)] as HTMLElement;
}

describe('EntityDatastoresCard', () => {
  it('asks for the current entity and shows progress while loading', async () => {
    const api = fakeDatastoresApi({
      getEntityDatastores: jest.fn(() => new Promise<never>(() => {})),
    });
    await renderCard(api);
    expect(api.getEntityDatastores).toHaveBeenCalledWith(
      'component:default/orders',
    );
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('shows the error the backend sent', async () => {
    const response = new Response(
      JSON.stringify({
        error: {
          name: 'NotFoundError',
          message: 'No entity component:default/orders, or you may not read it',
        },
        response: { statusCode: 404 },
      }),
      {
        status: 404,
        statusText: 'Not Found',
        headers: { 'Content-Type': 'application/json' },
      },
    );
    const error = await ResponseError.fromResponse(response);
    await renderCard(
      fakeDatastoresApi({
        getEntityDatastores: jest.fn().mockRejectedValue(error),
      }),
    );
    expect(
      await screen.findByText(/Could not load the datastores/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/or you may not read it/).length,
    ).toBeGreaterThan(0);
  });

  it('links to the template when the service has no datastores', async () => {
    await renderCard(fakeDatastoresApi());
    expect(
      await screen.findByText('No databases or caches yet.'),
    ).toBeInTheDocument();
    const link = screen.getByRole('link', { name: 'Provision a datastore' });
    expect(link.getAttribute('href')).toMatch(
      /^\/create\/templates\/default\/provision-datastore\?formData=/,
    );
    expect(
      JSON.parse(
        decodeURIComponent(link.getAttribute('href')!.split('formData=')[1]),
      ),
    ).toEqual({ service: 'component:default/orders' });
  });

  it('shows what could be read, and what could not', async () => {
    await renderCard(
      fakeDatastoresApi({
        getEntityDatastores: jest.fn(async () =>
          anAnswer(
            [aDatastore()],
            [{ message: 'Kubernetes did not answer in time' }],
          ),
        ),
      }),
    );
    expect(
      await screen.findByText(/Some status could not be read/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Kubernetes did not answer in time'),
    ).toBeInTheDocument();
    expect(row('users')).toBeInTheDocument();
  });

  it('shows a row per datastore, with headers, from production down', async () => {
    await renderCard(
      fakeDatastoresApi({
        getEntityDatastores: jest.fn(async () =>
          anAnswer([
            aDatastore({
              entityRef: 'resource:default/orders-cache-dev',
              name: 'cache',
              kind: 'cache',
              engine: 'dragonfly',
              environment: 'dev',
              strategy: 'self-hosted',
              provider: 'dragonfly',
            }),
            aDatastore(),
          ]),
        ),
      }),
    );
    await screen.findByRole('table', { name: 'Datastores' });
    expect(screen.getAllByRole('columnheader').map(h => h.textContent)).toEqual(
      [
        'Datastore',
        'Strategy',
        'Readiness',
        'Backups',
        'Secret sync',
        'Pull requests',
      ],
    );
    const headers = screen.getAllByRole('rowheader').map(h => h.textContent);
    // The environment folds under the name, so the table fits half a page.
    expect(headers[0]).toMatch(/^usersProduction · Database · PostgreSQL/);
    expect(headers[1]).toMatch(/^cache(Production|Dev) · Cache/);
    expect(within(row('users')).getByText('Managed')).toBeInTheDocument();
    expect(within(row('users')).getByText('AWS RDS')).toBeInTheDocument();
    expect(
      within(row('cache', 'Dev')).getByText('Self-hosted'),
    ).toBeInTheDocument();
    expect(
      within(row('cache', 'Dev')).getByText('Dragonfly'),
    ).toBeInTheDocument();
    expect(
      within(row('users')).getByRole('link', { name: 'users' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/resource/orders-users-production',
    );
  });

  describe('day 2', () => {
    const users = aDatastore({ size: 'medium' });
    const usersDev = aDatastore({
      entityRef: 'resource:default/orders-users-dev',
      environment: 'dev',
      size: 'medium',
    });
    const cache = aDatastore({
      entityRef: 'resource:default/orders-cache-production',
      name: 'cache',
      kind: 'cache',
      engine: 'dragonfly',
      criticality: 'reconstructable',
      strategy: 'self-hosted',
      provider: 'dragonfly',
    });
    const answering = (...datastores: DatastoreStatus[]) =>
      fakeDatastoresApi({
        getEntityDatastores: jest.fn(async () => anAnswer(datastores)),
      });

    it('links each datastore to "Change datastore" with its current values, every environment of its name', async () => {
      await renderCard(answering(users, usersDev, cache));
      const { change } = await openActions('Actions for users (Production)');
      expect(templateLink(change)).toEqual({
        path: '/create/templates/default/change-datastore',
        formData: {
          service: 'component:default/orders',
          name: 'users',
          size: 'medium',
          environments: ['production', 'dev'],
          criticality: 'catastrophic',
        },
      });
    });

    it('links each datastore to "Decommission datastore" for its own environment', async () => {
      await renderCard(answering(users, usersDev, cache));
      const { decommission } = await openActions('Actions for users (Dev)');
      expect(templateLink(decommission)).toEqual({
        path: '/create/templates/default/decommission-datastore',
        formData: {
          service: 'component:default/orders',
          name: 'users',
          environments: ['dev'],
        },
      });
    });

    it('leaves out a size it does not know (an older request)', async () => {
      await renderCard(answering(cache));
      const { change } = await openActions('Actions for cache (Production)');
      expect(templateLink(change).formData).toEqual({
        service: 'component:default/orders',
        name: 'cache',
        environments: ['production'],
        criticality: 'reconstructable',
      });
    });

    it("links through the scaffolder's route where the app binds it", async () => {
      await renderCard(answering(users), ordersService, {
        '/scaffold/templates/:namespace/:templateName':
          scaffolderTemplateRouteRef,
      });
      const { change, decommission } = await openActions(
        'Actions for users (Production)',
      );
      expect(templateLink(change).path).toBe(
        '/scaffold/templates/default/change-datastore',
      );
      expect(templateLink(decommission).path).toBe(
        '/scaffold/templates/default/decommission-datastore',
      );
    });

    it.each([
      [
        { finalSnapshot: 'orders-users-production-final-20261001' },
        'Safeguard: final snapshot orders-users-production-final-20261001',
      ],
      [
        { backup: 'orders-users-production-final-20261001' },
        'Safeguard: backup orders-users-production-final-20261001',
      ],
      [
        { notBefore: '2026-10-08T12:00:00Z' },
        `Safeguard: not before ${absoluteTime(
          new Date('2026-10-08T12:00:00Z'),
        )}`,
      ],
    ])(
      'shows a datastore whose data is being protected as Decommissioning, %o, without its menu',
      async (safeguard, phase) => {
        await renderCard(
          answering(
            aDatastore({
              decommissioning: {
                phase: 'safeguard',
                requestedAt: '2026-10-01T12:00:00Z',
                ...safeguard,
              },
            }),
            usersDev,
          ),
        );
        const header = within(row('users')).getByRole('rowheader');
        const icon = within(header).getByRole('img', {
          name: 'Decommissioning',
        });
        expect(icon).toHaveAttribute(
          'data-testid',
          'status-icon-decommissioning',
        );
        expect(within(header).getByText('Decommissioning')).toBeInTheDocument();
        expect(within(header).getByText(phase)).toBeInTheDocument();
        // Nothing more to do with it here; its other environment keeps its menu.
        expect(
          within(header).queryByRole('button', { name: /^Actions for/ }),
        ).not.toBeInTheDocument();
        expect(
          screen.getByRole('button', { name: 'Actions for users (Dev)' }),
        ).toBeInTheDocument();
      },
    );

    it('shows the removal phase, never green, with its pull requests and what each does', async () => {
      await renderCard(
        answering(
          aDatastore({
            decommissioning: {
              phase: 'removal',
              requestedAt: '2026-10-01T12:00:00Z',
              finalSnapshot: 'orders-users-production-final-20261001',
            },
            pullRequests: [
              {
                url: 'https://github.com/acme/terraform/pull/13',
                repo: 'acme/terraform',
                number: 13,
                state: 'merged',
                checks: 'success',
                operation: 'safeguard',
              },
              {
                url: 'https://github.com/acme/terraform/pull/14',
                repo: 'acme/terraform',
                number: 14,
                state: 'open',
                checks: 'pending',
                operation: 'removal',
              },
            ],
          }),
        ),
      );
      const header = within(row('users')).getByRole('rowheader');
      expect(within(header).getByText('Removal')).toBeInTheDocument();
      // The removal is open: nothing more to run.
      expect(
        within(header).queryByRole('link', { name: 'Open the removal…' }),
      ).not.toBeInTheDocument();
      expect(
        within(header).queryByRole('img', { name: 'OK' }),
      ).not.toBeInTheDocument();
      const prs = within(row('users')).getByRole('button', {
        name: '2 pull requests: acme/terraform#13 (safeguard, merged), acme/terraform#14 (removal, open)',
      });
      fireEvent.click(prs);
      const dialog = await screen.findByRole('dialog', {
        name: 'Pull requests',
      });
      const removal = within(dialog).getByRole('link', {
        name: /^Pull request acme\/terraform#14 \(removal\): Open, checks running/,
      });
      expect(removal).toHaveAttribute(
        'href',
        'https://github.com/acme/terraform/pull/14',
      );
      // What it does, right after its link and before its state.
      expect(removal.nextElementSibling).toHaveTextContent(/^removal$/);
      expect(within(dialog).getByText('safeguard')).toBeInTheDocument();
    });

    it.each(['safeguard', 'removal'] as const)(
      'links to the removal once the safeguard is merged and no removal is open (phase %s)',
      async phase => {
        await renderCard(
          answering(
            aDatastore({
              decommissioning: {
                phase,
                requestedAt: '2026-10-01T12:00:00Z',
                finalSnapshot: 'orders-users-production-final-20261001',
              },
              pullRequests: [
                {
                  url: 'https://github.com/acme/terraform/pull/13',
                  repo: 'acme/terraform',
                  number: 13,
                  state: 'merged',
                  checks: 'success',
                  operation: 'safeguard',
                },
              ],
            }),
          ),
        );
        const header = within(row('users')).getByRole('rowheader');
        expect(
          templateLink(
            within(header).getByRole('link', { name: 'Open the removal…' }),
          ),
        ).toEqual({
          path: '/create/templates/default/decommission-datastore',
          formData: {
            service: 'component:default/orders',
            name: 'users',
            environments: ['production'],
          },
        });
      },
    );

    it('does not link to the removal while the safeguard is in review', async () => {
      await renderCard(
        answering(
          aDatastore({
            decommissioning: {
              phase: 'safeguard',
              requestedAt: '2026-10-01T12:00:00Z',
              finalSnapshot: 'orders-users-production-final-20261001',
            },
            pullRequests: [
              {
                url: 'https://github.com/acme/terraform/pull/13',
                repo: 'acme/terraform',
                number: 13,
                state: 'open',
                checks: 'success',
                operation: 'safeguard',
              },
            ],
          }),
        ),
      );
      const header = within(row('users')).getByRole('rowheader');
      expect(within(header).getByText('Decommissioning')).toBeInTheDocument();
      expect(
        within(header).queryByRole('link', { name: 'Open the removal…' }),
      ).not.toBeInTheDocument();
    });

    it('links a datastore and the one that replaces it, both ways, by name', async () => {
      await renderCard(
        answering(
          aDatastore({
            strategy: 'self-hosted',
            provider: 'cloudnative-pg',
            replacedBy: 'resource:default/orders-users-rds-production',
          }),
          aDatastore({
            entityRef: 'resource:default/orders-users-rds-production',
            name: 'users-rds',
            inCatalog: false,
            replaces: 'resource:default/orders-users-production',
            pullRequests: [
              {
                url: 'https://github.com/acme/terraform/pull/15',
                repo: 'acme/terraform',
                number: 15,
                state: 'open',
                checks: 'none',
                operation: 'replace',
              },
            ],
          }),
        ),
      );
      // From production down, then by name: users, then users-rds.
      const [old, replacement] = screen.getAllByRole('rowheader');
      const replacedBy = within(old).getByText(/^Replaced by/);
      expect(replacedBy).toHaveTextContent('Replaced by users-rds');
      expect(within(replacedBy).getByRole('link')).toHaveAttribute(
        'href',
        '/catalog/default/resource/orders-users-rds-production',
      );
      const replaces = within(replacement).getByText(/^Replaces/);
      expect(replaces).toHaveTextContent('Replaces users');
      expect(within(replaces).getByRole('link')).toHaveAttribute(
        'href',
        '/catalog/default/resource/orders-users-production',
      );
    });
  });

  it('shows a requested datastore as pending, with links to its pull requests', async () => {
    await renderCard(
      fakeDatastoresApi({
        getEntityDatastores: jest.fn(async () =>
          anAnswer([
            aDatastore({
              inCatalog: false,
              backup: {
                posture: 'declared',
                retentionDays: 7,
                pitr: true,
                detail:
                  'Declared, not applied yet: Automated backups with point-in-time recovery.',
              },
              secretSync: {
                status: 'pending',
                message: 'Waiting for Terraform apply.',
              },
              pullRequests: [
                {
                  url: 'https://github.com/acme/terraform/pull/12',
                  repo: 'acme/terraform',
                  number: 12,
                  state: 'open',
                  checks: 'pending',
                },
                {
                  url: 'https://github.com/acme/gitops/pull/7',
                  repo: 'acme/gitops',
                  number: 7,
                  state: 'open',
                  checks: 'success',
                },
              ],
            }),
          ]),
        ),
      }),
    );
    const users = await screen.findByRole('rowheader', { name: /users/ });
    expect(within(users).getByText('Requested')).toBeInTheDocument();
    expect(within(users).queryByRole('link')).not.toBeInTheDocument();
    // The pull requests fold into one button with their count; pressing it lists them.
    const prs = within(await findCell('Pull requests')).getByRole('button', {
      name: '2 pull requests: acme/terraform#12 (open), acme/gitops#7 (open)',
    });
    expect(prs).toHaveTextContent('2');
    fireEvent.click(prs);
    const dialog = await screen.findByRole('dialog', { name: 'Pull requests' });
    const terraform = within(dialog).getByRole('link', {
      name: /^Pull request acme\/terraform#12: Open, checks running/,
    });
    expect(terraform).toHaveAttribute(
      'href',
      'https://github.com/acme/terraform/pull/12',
    );
    expect(
      within(dialog).getByRole('link', {
        name: /^Pull request acme\/gitops#7: Open, checks passed/,
      }),
    ).toBeInTheDocument();
    fireEvent.keyDown(dialog, { key: 'Escape' });
    // Its backups are declared in the pull request: not unknown, not protected.
    const backups = await findCell('Backups');
    expect(
      within(backups).getByText('Declared, not applied yet'),
    ).toBeInTheDocument();
    expect(within(backups).queryByText('Unknown')).not.toBeInTheDocument();
    expect(
      within(backups).getByRole('img', { name: 'Declared, not observed' }),
    ).toBeInTheDocument();
  });

  it('gives requested, pending and open each their own named icon', async () => {
    await renderCard(
      fakeDatastoresApi({
        getEntityDatastores: jest.fn(async () =>
          anAnswer([
            aDatastore({
              inCatalog: false,
              secretSync: {
                status: 'pending',
                message: 'Waiting for Terraform apply.',
              },
              pullRequests: [
                {
                  url: 'https://github.com/acme/terraform/pull/12',
                  repo: 'acme/terraform',
                  number: 12,
                  state: 'open',
                  checks: 'pending',
                },
              ],
            }),
          ]),
        ),
      }),
    );
    const requested = within(
      await screen.findByRole('rowheader', { name: /users/ }),
    ).getByRole('img', { name: 'Requested' });
    const pending = within(await findCell('Secret sync')).getByRole('img', {
      name: 'Pending',
    });
    fireEvent.click(
      within(await findCell('Pull requests')).getByRole('button', {
        name: /^1 pull request:/,
      }),
    );
    const open = within(
      await screen.findByRole('dialog', { name: 'Pull requests' }),
    ).getByRole('img', { name: 'Pull request open' });
    expect(requested).toHaveAttribute('data-testid', 'status-icon-requested');
    expect(pending).toHaveAttribute('data-testid', 'status-icon-pending');
    expect(open).toHaveAttribute('data-testid', 'status-icon-open');
    // Different shapes, not only different names.
    const shapes = [requested, pending, open].map(icon => icon.innerHTML);
    expect(new Set(shapes).size).toBe(3);
  });

  it.each([
    ['protected', 'Protected', 'OK'],
    ['at-risk', 'At risk', 'Warning'],
    ['unprotected', 'Unprotected', 'Error'],
    ['declared', 'Declared', 'Declared, not observed'],
    ['not-required', 'Not required', 'Not applicable'],
    ['unknown', 'Unknown', 'Status unknown'],
  ] as const)(
    'shows the backup posture %s as words and a named icon',
    async (posture, text, iconName) => {
      await renderCard(
        fakeDatastoresApi({
          getEntityDatastores: jest.fn(async () =>
            anAnswer([
              aDatastore({
                backup: { posture, detail: `Because ${posture}.` },
              }),
            ]),
          ),
        }),
      );
      const cell = await findCell('Backups');
      expect(within(cell).getByText(text)).toBeInTheDocument();
      expect(
        within(cell).getByRole('img', { name: iconName }),
      ).toBeInTheDocument();
    },
  );

  it.each([
    ['synced', 'Synced', 'OK'],
    ['error', 'Sync error', 'Error'],
    ['stale', 'Stale', 'Warning'],
    ['pending', 'Pending', 'Pending'],
    ['not-applicable', 'In cluster', 'Not applicable'],
    ['unknown', 'Unknown', 'Status unknown'],
  ] as const)(
    'shows the secret sync status %s as words and a named icon',
    async (status, text, iconName) => {
      await renderCard(
        fakeDatastoresApi({
          getEntityDatastores: jest.fn(async () =>
            anAnswer([aDatastore({ secretSync: { status, message: 'Why.' } })]),
          ),
        }),
      );
      const cell = await findCell('Secret sync');
      expect(within(cell).getByText(text)).toBeInTheDocument();
      expect(
        within(cell).getByRole('img', { name: iconName }),
      ).toBeInTheDocument();
    },
  );

  it.each([
    ['ready', 'Ready', 'OK'],
    ['not-ready', 'Not ready', 'Error'],
    ['declared', 'Declared', 'Declared, not observed'],
    ['unknown', 'Unknown', 'Status unknown'],
  ] as const)(
    'shows the readiness %s as words and a named icon',
    async (state, text, iconName) => {
      await renderCard(
        fakeDatastoresApi({
          getEntityDatastores: jest.fn(async () =>
            anAnswer([
              aDatastore({
                readiness: { state, phase: 'Configuring', message: 'Why.' },
              }),
            ]),
          ),
        }),
      );
      const cell = await findCell('Readiness');
      expect(within(cell).getByText(text)).toBeInTheDocument();
      expect(
        within(cell).getByRole('img', { name: iconName }),
      ).toBeInTheDocument();
    },
  );

  it('colours unknown unlike the neutral states', async () => {
    await renderCard(
      fakeDatastoresApi({
        getEntityDatastores: jest.fn(async () =>
          anAnswer([
            aDatastore({
              backup: { posture: 'not-required', detail: 'Not needed.' },
              secretSync: { status: 'unknown', message: 'Not read.' },
            }),
          ]),
        ),
      }),
    );
    const neutral = await screen.findByRole('img', { name: 'Not applicable' });
    const unknown = screen.getByRole('img', { name: 'Status unknown' });
    expect(getComputedStyle(unknown).color).not.toBe('');
    expect(getComputedStyle(unknown).color).not.toEqual(
      getComputedStyle(neutral).color,
    );
  });

  it('says why a status is unknown on hover and on keyboard focus', async () => {
    await renderCard(
      fakeDatastoresApi({
        getEntityDatastores: jest.fn(async () =>
          anAnswer([
            aDatastore({
              backup: {
                posture: 'unknown',
                detail: 'Backups have not been observed in the cluster yet.',
              },
              secretSync: {
                status: 'unknown',
                message: 'The ExternalSecret has not been read yet.',
              },
            }),
          ]),
        ),
      }),
    );
    const [backup, secret] = (await screen.findAllByText('Unknown')).map(
      e => e.parentElement!,
    );
    // Reachable by keyboard, and described for screen readers while closed.
    expect(backup.tagName).toBe('BUTTON');
    expect(backup).toHaveAttribute(
      'title',
      'Backups have not been observed in the cluster yet.',
    );

    fireEvent.mouseOver(backup);
    expect(
      await screen.findByRole('tooltip', {
        name: 'Backups have not been observed in the cluster yet.',
      }),
    ).toBeInTheDocument();
    fireEvent.mouseLeave(backup);

    // Tab from the first label to the second, as a keyboard user would.
    fireEvent.keyDown(backup, { key: 'Tab' });
    act(() => secret.focus());
    expect(
      await screen.findByRole('tooltip', {
        name: 'The ExternalSecret has not been read yet.',
      }),
    ).toBeInTheDocument();
  });

  describe('the lifecycle', () => {
    const PR = 'https://github.com/acme/infra-terraform/pull/12';
    const inReview = aDatastoreWithLifecycle({
      inCatalog: false,
      readiness: { state: 'unknown' },
      secretSync: { status: 'pending' },
      pullRequests: [
        {
          url: PR,
          repo: 'acme/infra-terraform',
          number: 12,
          target: 'terraform',
          state: 'open',
          checks: 'pending',
        },
      ],
    });

    it("shows each datastore's steps under its name, their evidence said, nothing for an older backend", async () => {
      await renderCard(
        fakeDatastoresApi({
          getEntityDatastores: jest.fn(async () =>
            anAnswer([
              inReview,
              aDatastore({
                entityRef: 'resource:default/orders-users-dev',
                environment: 'dev',
              }),
            ]),
          ),
        }),
      );
      await screen.findByRole('table', { name: 'Datastores' });
      const steps = within(row('users')).getByRole('list', {
        name: 'Lifecycle of users (Production): Requested, awaiting merge',
      });
      const buttons = within(steps).getAllByRole('button');
      expect(buttons).toHaveLength(4);
      expect(
        within(steps).getByText(
          `Merged: in progress. Waiting for ${PR} to be merged.`,
        ),
      ).toBeInTheDocument();
      expect(buttons[1]).toHaveAttribute(
        'title',
        `Merged: in progress. Waiting for ${PR} to be merged.`,
      );
      expect(
        within(buttons[1]).getByTestId('lifecycle-icon-current'),
      ).toBeInTheDocument();
      expect(
        within(buttons[3]).getByTestId('lifecycle-icon-pending'),
      ).toBeInTheDocument();
      // The dev database came without a lifecycle: no steps, and nothing claimed.
      expect(
        within(row('users', 'Dev')).queryByRole('list'),
      ).not.toBeInTheDocument();
    });

    describe('live, without a reload', () => {
      const service = 'component:default/orders';
      const ref = 'resource:default/orders-users-production';
      // Its pull request merged and applied, then observed ready with its secret synced.
      const readyNow = aDatastoreWithLifecycle({
        pullRequests: [
          {
            url: PR,
            repo: 'acme/infra-terraform',
            number: 12,
            target: 'terraform',
            state: 'merged',
            checks: 'success',
            mergedAt: '2026-10-01T11:00:00Z',
            apply: 'success',
          },
        ],
      });

      function answeringInTurn() {
        return fakeDatastoresApi({
          getEntityDatastores: jest
            .fn()
            .mockResolvedValueOnce(anAnswer([inReview]))
            .mockResolvedValue(anAnswer([readyNow])),
        });
      }

      it('reads the datastores again when the backend signals a change of the service', async () => {
        const api = answeringInTurn();
        const signals = fakeSignalApi();
        await renderCard(api, ordersService, {}, signals);
        expect(
          await screen.findByRole('list', {
            name: /^Lifecycle of users \(Production\): Requested/,
          }),
        ).toBeInTheDocument();
        expect(signals.subscribers(DATASTORES_STATUS_CHANNEL)).toBe(1);
        expect(api.getEntityDatastores).toHaveBeenCalledTimes(1);

        // Another service's change is not this card's.
        await publish(signals, DATASTORES_STATUS_CHANNEL, {
          service: 'component:default/billing',
          entityRefs: ['resource:default/billing-main-production'],
        });
        expect(api.getEntityDatastores).toHaveBeenCalledTimes(1);

        await publish(signals, DATASTORES_STATUS_CHANNEL, {
          service,
          entityRefs: [ref],
        });
        expect(
          await screen.findByRole('list', {
            name: 'Lifecycle of users (Production): Ready',
          }),
        ).toBeInTheDocument();
        expect(api.getEntityDatastores).toHaveBeenCalledTimes(2);
        expect(api.getEntityDatastores).toHaveBeenLastCalledWith(service);
      });

      it("on a datastore's page, reads it again when the signal names it among the service's datastores", async () => {
        const api = fakeDatastoresApi({
          getEntityDatastores: jest
            .fn()
            .mockResolvedValueOnce({ ...anAnswer([inReview]), entityRef: ref })
            .mockResolvedValue({ ...anAnswer([readyNow]), entityRef: ref }),
        });
        const signals = fakeSignalApi();
        await renderCard(
          api,
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Resource',
            metadata: {
              name: 'orders-users-production',
              namespace: 'default',
              annotations: { 'datastores.io/engine': 'postgres' },
            },
            spec: { type: 'database', owner: 'team-a' },
            relations: [{ type: 'dependencyOf', targetRef: service }],
          },
          {},
          signals,
        );
        expect(
          await screen.findByRole('list', {
            name: /^Lifecycle of users: Requested/,
          }),
        ).toBeInTheDocument();
        // Another datastore of the same service changed: not this one.
        await publish(signals, DATASTORES_STATUS_CHANNEL, {
          service,
          entityRefs: ['resource:default/orders-cache-production'],
        });
        expect(api.getEntityDatastores).toHaveBeenCalledTimes(1);
        await publish(signals, DATASTORES_STATUS_CHANNEL, {
          service,
          entityRefs: [ref],
        });
        expect(
          await screen.findByRole('list', {
            name: 'Lifecycle of users: Ready',
          }),
        ).toBeInTheDocument();
        expect(api.getEntityDatastores).toHaveBeenCalledTimes(2);
        expect(api.getEntityDatastores).toHaveBeenLastCalledWith(ref);
      });
    });
  });

  it('links to the Datastores tab of the entity', async () => {
    await renderCard(fakeDatastoresApi());
    expect(
      await screen.findByRole('link', { name: 'View all' }),
    ).toHaveAttribute('href', '/catalog/default/component/orders/datastores');
  });

  describe('on a datastore Resource', () => {
    const usersResource: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'orders-users-production',
        namespace: 'default',
        annotations: { 'datastores.io/engine': 'postgres' },
      },
      spec: { type: 'database', owner: 'team-a' },
      relations: [
        { type: 'dependencyOf', targetRef: 'component:default/orders' },
        { type: 'ownedBy', targetRef: 'group:default/team-a' },
      ],
    };

    it('summarizes its one datastore instead of a table, with a link back to its service', async () => {
      const api = fakeDatastoresApi({
        getEntityDatastores: jest.fn(async () => ({
          entityRef: 'resource:default/orders-users-production',
          datastores: [
            aDatastore({
              pullRequests: [
                {
                  url: 'https://github.com/acme/terraform/pull/12',
                  repo: 'acme/terraform',
                  number: 12,
                  state: 'merged',
                  checks: 'success',
                },
              ],
            }),
          ],
          errors: [],
        })),
      });
      await renderCard(api, usersResource);
      expect(api.getEntityDatastores).toHaveBeenCalledWith(
        'resource:default/orders-users-production',
      );
      const service = await screen.findByRole('link', { name: /orders/ });
      expect(service).toHaveAttribute(
        'href',
        '/catalog/default/component/orders',
      );
      expect(service.parentElement?.parentElement).toHaveTextContent(
        /^Datastore of the service orders\.$/,
      );
      // No table of one row that links to the page it is on.
      expect(screen.queryByRole('table')).not.toBeInTheDocument();
      expect(
        screen.queryByRole('link', { name: 'users' }),
      ).not.toBeInTheDocument();

      const value = (term: string) =>
        screen.getByText(term, { selector: 'dt' })
          .nextElementSibling as HTMLElement;
      expect(value('Datastore')).toHaveTextContent(
        'Database · PostgreSQL · Production',
      );
      expect(value('Strategy')).toHaveTextContent('Managed on AWS RDS');
      expect(within(value('Readiness')).getByText('Ready')).toBeInTheDocument();
      expect(
        within(value('Backups')).getByText('Protected'),
      ).toBeInTheDocument();
      expect(
        within(value('Secret sync')).getByRole('img', { name: 'OK' }),
      ).toBeInTheDocument();
      expect(
        within(value('Secret sync')).getByText('Synced'),
      ).toBeInTheDocument();
      expect(
        within(value('Pull requests')).getByRole('link', {
          name: /^Pull request acme\/terraform#12: Merged, checks passed/,
        }),
      ).toBeInTheDocument();
      expect(screen.getByRole('link', { name: 'View all' })).toHaveAttribute(
        'href',
        '/catalog/default/resource/orders-users-production/datastores',
      );
    });

    it("offers its service's menu on its summary", async () => {
      await renderCard(
        fakeDatastoresApi({
          getEntityDatastores: jest.fn(async () => ({
            entityRef: 'resource:default/orders-users-production',
            datastores: [aDatastore({ size: 'large' })],
            errors: [],
          })),
        }),
        usersResource,
      );
      const { change, decommission } = await openActions(
        'Actions for users (Production)',
      );
      expect(templateLink(change).formData).toEqual({
        service: 'component:default/orders',
        name: 'users',
        size: 'large',
        environments: ['production'],
        criticality: 'catastrophic',
      });
      expect(templateLink(decommission).formData).toEqual({
        service: 'component:default/orders',
        name: 'users',
        environments: ['production'],
      });
    });

    it('keeps the table when the answer has more than its own datastore', async () => {
      await renderCard(
        fakeDatastoresApi({
          getEntityDatastores: jest.fn(async () =>
            anAnswer([
              aDatastore(),
              aDatastore({
                entityRef: 'resource:default/orders-users-dev',
                environment: 'dev',
              }),
            ]),
          ),
        }),
        usersResource,
      );
      expect(
        await screen.findByRole('table', { name: 'Datastores' }),
      ).toBeInTheDocument();
    });
  });

  it('says when no cluster is configured, unknown and never green, with how to configure one', async () => {
    const message =
      "No cluster is configured, so the secret's sync cannot be observed: the Kubernetes backend has no cluster configured.";
    await renderCard(
      fakeDatastoresApi({
        getEntityDatastores: jest.fn(async () =>
          anAnswer([
            aDatastore({
              secretSync: {
                status: 'unknown',
                message,
                unobservedBecause: 'no-cluster',
              },
            }),
          ]),
        ),
      }),
    );
    const cell = await findCell('Secret sync');
    expect(within(cell).getByText('Unknown')).toBeInTheDocument();
    expect(
      within(cell).getByRole('img', { name: 'Status unknown' }),
    ).toBeInTheDocument();
    expect(within(cell).queryByRole('img', { name: 'OK' })).toBeNull();
    expect(within(cell).getByText('Unknown').parentElement).toHaveAttribute(
      'title',
      message,
    );
    expect(
      within(cell).getByRole('link', { name: /How to configure a cluster/ }),
    ).toHaveAttribute(
      'href',
      'https://backstage.io/docs/features/kubernetes/configuration',
    );
  });

  it('links to no configuration when a cluster was read', async () => {
    await renderCard(
      fakeDatastoresApi({
        getEntityDatastores: jest.fn(async () =>
          anAnswer([
            aDatastore({
              secretSync: { status: 'unknown', message: 'Not read.' },
            }),
          ]),
        ),
      }),
    );
    const cell = await findCell('Secret sync');
    expect(within(cell).queryByRole('link')).not.toBeInTheDocument();
  });

  describe('the secret sync tooltip', () => {
    afterEach(() => {
      jest.useRealTimers();
    });

    it('shows when it last synced, relative and exact, and its refresh interval', async () => {
      jest.useFakeTimers({
        now: new Date('2026-10-01T12:03:20Z'),
        advanceTimers: true,
      });
      await renderCard(
        fakeDatastoresApi({
          getEntityDatastores: jest.fn(async () =>
            anAnswer([
              aDatastore({
                secretSync: {
                  status: 'synced',
                  lastSyncedAt: '2026-10-01T12:00:00Z',
                  refreshInterval: '1h',
                  source: 'cluster prod-eu',
                },
              }),
            ]),
          ),
        }),
      );
      const cell = await findCell('Secret sync');
      const label = within(cell).getByText('Synced').parentElement!;
      expect(label.tagName).toBe('BUTTON');
      expect(label).toHaveAttribute(
        'title',
        `Last synced 3 minutes ago (${absoluteTime(
          new Date('2026-10-01T12:00:00Z'),
        )}). Refresh interval: 1h.`,
      );
    });

    it('keeps the message first, and says nothing of a sync it does not know', async () => {
      await renderCard(
        fakeDatastoresApi({
          getEntityDatastores: jest.fn(async () =>
            anAnswer([
              aDatastore({
                secretSync: { status: 'pending', message: 'Waiting.' },
              }),
            ]),
          ),
        }),
      );
      const cell = await findCell('Secret sync');
      expect(within(cell).getByText('Pending').parentElement).toHaveAttribute(
        'title',
        'Waiting.',
      );
    });
  });

  it('stacks each datastore on a narrow screen, nothing cut', async () => {
    const matchMedia = window.matchMedia;
    // A 375 px screen: MUI's xs breakpoint (below 600 px) matches.
    window.matchMedia = ((query: string) => ({
      matches: query.includes('max-width'),
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    })) as any;
    try {
      await renderCard(
        fakeDatastoresApi({
          getEntityDatastores: jest.fn(async () => anAnswer([aDatastore()])),
        }),
      );
      const list = await screen.findByRole('list', { name: 'Datastores' });
      expect(screen.queryByRole('table')).not.toBeInTheDocument();
      const [item] = within(list).getAllByRole('listitem').slice(0, 1);
      for (const fact of [
        'Environment',
        'Strategy',
        'Readiness',
        'Backups',
        'Secret sync',
        'Pull requests',
      ]) {
        expect(within(item).getByText(fact)).toBeInTheDocument();
      }
    } finally {
      window.matchMedia = matchMedia;
    }
  });
});
