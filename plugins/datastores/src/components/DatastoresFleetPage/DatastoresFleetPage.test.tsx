import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { useLocation } from 'react-router-dom';
import { DatastoresApi, datastoresApiRef } from '../../api';
import {
  aFleetPage,
  aFleetRow,
  fakeDatastoresApi,
  lifecycleOf,
} from '../../../fixtures/fixtures';
import { DatastoresFleetPage } from './DatastoresFleetPage';

// The page renders a chip per filter value (the lifecycle's among them) again on each click: a
// test that clicks several takes over 5 s on a 2-core machine running every suite at once.
jest.setTimeout(20_000);

/**
 * The example fleet: orders' three datastores, two production ones not proven safe; with the
 * lifecycles the backend gives them (the production database's apply unknown: no Terraform pull
 * request is recorded; the preview's pull request closed unmerged).
 */
const FLEET = [
  aFleetRow({
    entityRef: 'resource:default/orders-main-production',
    name: 'main',
    backup: { posture: 'declared', detail: 'Declared in Terraform.' },
    policy: {
      state: 'unknown',
      compliant: false,
      violations: [],
      reason: 'Backups not observed.',
    },
  }),
  aFleetRow({
    entityRef: 'resource:default/orders-cache-production',
    name: 'cache',
    kind: 'cache',
    engine: 'dragonfly',
    strategy: 'self-hosted',
    provider: 'dragonfly',
    criticality: 'reconstructable',
    backup: { posture: 'unknown', detail: 'Retention not observed.' },
  }),
  aFleetRow({
    entityRef: 'resource:default/orders-main-preview',
    name: 'main',
    environment: 'preview',
    strategy: 'self-hosted',
    provider: 'cloudnative-pg',
    criticality: 'ephemeral',
    backup: { posture: 'not-required', detail: 'Ephemeral.' },
    pullRequests: [
      {
        url: 'https://github.com/acme/infra-gitops/pull/3',
        repo: 'acme/infra-gitops',
        number: 3,
        state: 'closed',
        checks: 'none',
      },
    ],
  }),
].map(row => ({
  ...row,
  datastore: { ...row.datastore, lifecycle: lifecycleOf(row.datastore) },
}));

/** Where the page's router is: the test reads the URL the page keeps its query in. */
function Location() {
  const location = useLocation();
  return <output aria-label="location">{location.search}</output>;
}

async function renderPage(api: DatastoresApi, url = '/datastores') {
  return renderInTestApp(
    <TestApiProvider apis={[[datastoresApiRef, api]]}>
      <DatastoresFleetPage />
      <Location />
    </TestApiProvider>,
    {
      routeEntries: [url],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

const lastQuery = (api: jest.Mocked<DatastoresApi>) =>
  api.getFleet.mock.calls[api.getFleet.mock.calls.length - 1][0];

const chip = (group: string, name: string) =>
  within(screen.getByRole('group', { name: group })).getByRole('button', {
    name,
  });

describe('DatastoresFleetPage', () => {
  it('shows progress while the fleet loads', async () => {
    await renderPage(
      fakeDatastoresApi({
        getFleet: jest.fn(() => new Promise<never>(() => {})),
      }),
    );
    expect(
      await screen.findByRole('progressbar', { name: 'Loading datastores' }),
    ).toBeInTheDocument();
  });

  it('counts the production datastores at risk, the total and each value', async () => {
    const api = fakeDatastoresApi({
      getFleet: jest.fn(async () => aFleetPage(FLEET)),
    });
    await renderPage(api);
    expect(
      await screen.findByText('2 production datastores at risk'),
    ).toBeInTheDocument();
    expect(screen.getByText('3 datastores in total')).toBeInTheDocument();
    expect(chip('Environment', 'Production (2)')).toBeInTheDocument();
    expect(chip('Environment', 'Preview (1)')).toBeInTheDocument();
    expect(chip('Environment', 'Staging (0)')).toBeInTheDocument();
    expect(chip('Backups', 'Unknown (1)')).toBeInTheDocument();
    expect(chip('Backups', 'Declared (1)')).toBeInTheDocument();
    expect(chip('Policy', 'Compliance unknown (1)')).toBeInTheDocument();
    expect(chip('Owner', 'team-a (3)')).toBeInTheDocument();
    expect(screen.getByText(/^Computed/).querySelector('time')).toHaveAttribute(
      'dateTime',
      '2026-10-01T12:00:00.000Z',
    );
  });

  it('says when no production datastore is at risk', async () => {
    await renderPage(
      fakeDatastoresApi({
        getFleet: jest.fn(async () => aFleetPage([FLEET[2]])),
      }),
    );
    expect(
      await screen.findByText('No production datastore at risk'),
    ).toBeInTheDocument();
    expect(screen.getByText('1 datastore in total')).toBeInTheDocument();
  });

  it('asks for what the chips select, and keeps it in the URL', async () => {
    const api = fakeDatastoresApi({
      getFleet: jest.fn(async () => aFleetPage(FLEET)),
    });
    await renderPage(api);
    expect(lastQuery(api)).toEqual({ filter: {} });

    fireEvent.click(
      await screen.findByRole('button', { name: 'Production (2)' }),
    );
    await waitFor(() =>
      expect(lastQuery(api)).toEqual({
        filter: { environment: ['production'] },
      }),
    );
    fireEvent.click(chip('Backups', 'Unknown (1)'));
    await waitFor(() =>
      expect(lastQuery(api)).toEqual({
        filter: { environment: ['production'], backup: ['unknown'] },
      }),
    );
    fireEvent.click(chip('Backups', 'Declared (1)'));
    await waitFor(() =>
      expect(lastQuery(api).filter).toEqual({
        environment: ['production'],
        backup: ['unknown', 'declared'],
      }),
    );
    expect(screen.getByRole('status', { name: 'location' })).toHaveTextContent(
      '?environment=production&backup=unknown&backup=declared',
    );
    expect(chip('Backups', 'Unknown (1)')).toHaveAttribute(
      'aria-pressed',
      'true',
    );

    // Pressed again, a value is no longer asked for.
    fireEvent.click(chip('Environment', 'Production (2)'));
    await waitFor(() =>
      expect(lastQuery(api).filter).toEqual({
        backup: ['unknown', 'declared'],
      }),
    );
  });

  it('reads its query from the URL, so a shared link shows the same view', async () => {
    const api = fakeDatastoresApi({
      getFleet: jest.fn(async () => aFleetPage(FLEET.slice(0, 2), FLEET)),
    });
    await renderPage(
      api,
      '/datastores?environment=production&owner=group:default/team-a&offset=50&limit=20',
    );
    await screen.findByText('2 production datastores at risk');
    expect(api.getFleet).toHaveBeenCalledWith({
      filter: {
        environment: ['production'],
        owner: ['group:default/team-a'],
      },
      offset: 50,
      limit: 20,
    });
    expect(chip('Environment', 'Production (2)')).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(chip('Owner', 'team-a (3)')).toHaveAttribute('aria-pressed', 'true');
  });

  it('shows a row per datastore in the words of the card, its service linking to its Datastores tab', async () => {
    await renderPage(
      fakeDatastoresApi({
        getFleet: jest.fn(async () => aFleetPage(FLEET)),
      }),
    );
    // The rows' table; the pagination is a table of its own below it.
    const [table] = await screen.findAllByRole('table');
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(h => h.textContent),
    ).toEqual([
      'Service',
      'Datastore',
      'Environment',
      'Strategy',
      'Lifecycle',
      'Backups',
      'Secret sync',
      'Readiness',
      'Policy',
    ]);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    const [cache] = rows.filter(r => within(r).queryByText('cache'));
    expect(within(cache).getByRole('link', { name: 'orders' })).toHaveAttribute(
      'href',
      '/catalog/default/component/orders/datastores',
    );
    expect(within(cache).getByText('Cache · Dragonfly')).toBeInTheDocument();
    expect(within(cache).getByText('Self-hosted')).toBeInTheDocument();
    // Unknown is never shown as fine: its own word and icon.
    const backups = within(cache).getByText('Unknown');
    expect(backups.parentElement).toHaveAttribute(
      'title',
      'Retention not observed.',
    );
    expect(
      within(backups.parentElement!).getByRole('img', {
        name: 'Status unknown',
      }),
    ).toBeInTheDocument();
    const cells = (row: HTMLElement) =>
      within(row)
        .getAllByRole('cell')
        .map(c => c.textContent);
    expect(rows.map(cells)).toEqual([
      [
        'orders',
        'mainDatabase · PostgreSQL',
        'Production',
        'ManagedAWS RDS',
        'Merged, apply unknown',
        'Declared',
        'Synced',
        'Ready',
        'Compliance unknown',
      ],
      [
        'orders',
        'cacheCache · Dragonfly',
        'Production',
        'Self-hostedDragonfly',
        'Ready',
        'Unknown',
        'Synced',
        'Ready',
        'Complies with the policy',
      ],
      [
        'orders',
        'mainDatabase · PostgreSQL',
        'Preview',
        'Self-hostedCloudNativePG',
        'Failed at merge',
        'Not required',
        'Synced',
        'Ready',
        'Complies with the policy',
      ],
    ]);
  });

  it('shows where each datastore stands in its lifecycle, failed and unknown as such, and filters by it', async () => {
    const api = fakeDatastoresApi({
      getFleet: jest.fn(async () => aFleetPage(FLEET)),
    });
    await renderPage(api);
    const [table] = await screen.findAllByRole('table');
    const column = within(table)
      .getAllByRole('columnheader')
      .map(h => h.textContent)
      .indexOf('Lifecycle');
    const [main, , preview] = within(table).getAllByRole('row').slice(1);
    const lifecycleCell = (row: HTMLElement) =>
      within(row).getAllByRole('cell')[column];
    // Unknown is its own tone, not "in progress": nothing says whether it was applied.
    expect(
      within(lifecycleCell(main)).getByRole('img', { name: 'Status unknown' }),
    ).toBeInTheDocument();
    expect(
      within(lifecycleCell(main)).getByText('Merged, apply unknown')
        .parentElement,
    ).toHaveAttribute(
      'title',
      'No Terraform pull request is recorded: the apply cannot be told.',
    );
    // Failed: red, with its evidence.
    expect(
      within(lifecycleCell(preview)).getByRole('img', { name: 'Error' }),
    ).toBeInTheDocument();
    expect(
      within(lifecycleCell(preview)).getByText('Failed at merge').parentElement,
    ).toHaveAttribute(
      'title',
      'Closed without being merged: https://github.com/acme/infra-gitops/pull/3.',
    );

    expect(chip('Lifecycle', 'Unknown (1)')).toBeInTheDocument();
    expect(chip('Lifecycle', 'Ready (1)')).toBeInTheDocument();
    expect(chip('Lifecycle', 'Failed (1)')).toBeInTheDocument();
    expect(chip('Lifecycle', 'Merged (0)')).toBeInTheDocument();
    fireEvent.click(chip('Lifecycle', 'Failed (1)'));
    fireEvent.click(chip('Lifecycle', 'Unknown (1)'));
    await waitFor(() =>
      expect(lastQuery(api).filter).toEqual({
        lifecycle: ['failed', 'unknown'],
      }),
    );
    expect(screen.getByRole('status', { name: 'location' })).toHaveTextContent(
      '?lifecycle=failed&lifecycle=unknown',
    );
  });

  it('asks the backend for the next page', async () => {
    const page = aFleetPage(FLEET, FLEET, { totalItems: 120, limit: 50 });
    const api = fakeDatastoresApi({ getFleet: jest.fn(async () => page) });
    await renderPage(api, '/datastores?kind=database');
    // MUI writes the range twice (one of them for narrow screens).
    expect((await screen.findAllByText('1-50 of 120')).length).toBeGreaterThan(
      0,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Next Page' }));
    await waitFor(() =>
      expect(lastQuery(api)).toEqual({
        filter: { kind: ['database'] },
        offset: 50,
      }),
    );
  });

  it('shows the message of a filter the backend refuses, and clears the filters', async () => {
    const response = new Response(
      JSON.stringify({
        error: {
          name: 'InputError',
          message:
            'environment "prod" is not one of production, staging, preview, dev',
        },
        response: { statusCode: 400 },
      }),
      {
        status: 400,
        statusText: 'Bad Request',
        headers: { 'Content-Type': 'application/json' },
      },
    );
    const error = await ResponseError.fromResponse(response);
    const api = fakeDatastoresApi({
      getFleet: jest.fn(async query =>
        query.filter?.environment ? Promise.reject(error) : aFleetPage(FLEET),
      ),
    });
    await renderPage(api, '/datastores?environment=prod');
    expect(
      await screen.findByText(/Could not load the datastores/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'environment "prod" is not one of production, staging, preview, dev',
      ),
    ).toBeVisible();

    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(
      await screen.findByText('2 production datastores at risk'),
    ).toBeInTheDocument();
    expect(lastQuery(api)).toEqual({ filter: {} });
  });

  it('says when no datastore matches the filters, apart from when there are none yet', async () => {
    const api = fakeDatastoresApi({
      getFleet: jest.fn(async () => aFleetPage([], FLEET)),
    });
    await renderPage(api, '/datastores?readiness=not-ready');
    expect(
      await screen.findByText('No datastore matches these filters.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(screen.queryByText('No databases or caches yet.')).toBeNull();
    // Both "Clear filters" buttons (the filters' and the empty state's) clear.
    fireEvent.click(
      screen.getAllByRole('button', { name: 'Clear filters' })[1],
    );
    await waitFor(() => expect(lastQuery(api)).toEqual({ filter: {} }));
  });

  it('says when there are no datastores yet, and where to get one', async () => {
    await renderPage(fakeDatastoresApi());
    expect(
      await screen.findByText('No databases or caches yet.'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/matches these filters/)).toBeNull();
    expect(
      screen.getByRole('link', { name: 'Provision a datastore' }),
    ).toHaveAttribute('href', '/create/templates/default/provision-datastore');
  });
});
