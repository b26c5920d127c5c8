import { fireEvent, screen, waitFor } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import {
  EntityDatastores,
  RefreshedEntityDatastores,
} from '@datastores/plugin-datastores-common';
import { DatastoresApi, datastoresApiRef } from '../../api';
import {
  aDatastore,
  anAnswer,
  fakeDatastoresApi,
  ordersService,
} from '../../../fixtures/fixtures';
import { EntityDatastoresCard } from '../EntityDatastoresCard';
import { EntityDatastoresContent } from '../EntityDatastoresContent';
import { refreshFailureMessage } from './refreshMessage';

function refreshed(
  answer: EntityDatastores,
  clusters: RefreshedEntityDatastores['refresh']['clusters'] = [
    { cluster: 'east', status: 'refreshed' },
  ],
): RefreshedEntityDatastores {
  return {
    ...answer,
    refresh: { refreshedAt: new Date().toISOString(), clusters, calls: 4 },
  };
}

async function backendError(status: number, error: object) {
  return ResponseError.fromResponse(
    new Response(JSON.stringify({ error, response: { statusCode: status } }), {
      status,
      headers: { 'Content-Type': 'application/json' },
    }),
  );
}

async function render(api: DatastoresApi, page: 'card' | 'tab' = 'card') {
  await renderInTestApp(
    <TestApiProvider apis={[[datastoresApiRef, api]]}>
      <EntityProvider entity={ordersService}>
        {page === 'card' ? (
          <EntityDatastoresCard />
        ) : (
          <EntityDatastoresContent />
        )}
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  await screen.findByText('users');
}

describe('RefreshNowButton', () => {
  it('on the card: shows progress while it runs, then the refreshed answer, without a second load', async () => {
    let finish: (a: RefreshedEntityDatastores) => void = () => {};
    const api = fakeDatastoresApi({
      getEntityDatastores: jest.fn(async () => anAnswer([aDatastore()])),
      refresh: jest.fn(
        () =>
          new Promise<RefreshedEntityDatastores>(r => {
            finish = r;
          }),
      ),
    });
    await render(api);
    const button = screen.getByRole('button', { name: 'Refresh now' });
    fireEvent.click(button);
    expect(api.refresh).toHaveBeenCalledWith('component:default/orders');
    expect(await screen.findByLabelText('Refreshing')).toBeInTheDocument();
    expect(button).toBeDisabled();

    finish(refreshed(anAnswer([aDatastore({ name: 'ledger' })])));
    expect(await screen.findByText('ledger')).toBeInTheDocument();
    expect(screen.queryByText('users')).not.toBeInTheDocument();
    expect(screen.getByText('Refreshed just now')).toBeInTheDocument();
    expect(button).not.toBeDisabled();
    expect(api.getEntityDatastores).toHaveBeenCalledTimes(1);
  });

  it('says when a refresh was too soon, and keeps the last answer', async () => {
    const api = fakeDatastoresApi({
      getEntityDatastores: jest.fn(async () => anAnswer([aDatastore()])),
      refresh: jest.fn(async () => {
        throw await backendError(429, {
          name: 'RefreshTooSoonError',
          message: 'component:default/orders was refreshed 12 s ago',
          retryAfterSeconds: 18,
          lastRefreshAt: new Date(Date.now() - 12_000).toISOString(),
        });
      }),
    });
    await render(api);
    fireEvent.click(screen.getByRole('button', { name: 'Refresh now' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Refreshed 12 s ago; try again in 18 s',
    );
    expect(screen.getByText('users')).toBeInTheDocument();
  });

  it('on the tab: shows the 403 in the backend words', async () => {
    const api = fakeDatastoresApi({
      getEntityDatastores: jest.fn(async () => anAnswer([aDatastore()])),
      refresh: jest.fn(async () => {
        throw await backendError(403, {
          name: 'NotAllowedError',
          message:
            'You may not read Kubernetes resources (kubernetes.resources.read)',
        });
      }),
    });
    await render(api, 'tab');
    fireEvent.click(screen.getByRole('button', { name: 'Refresh now' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not refresh: You may not read Kubernetes resources (kubernetes.resources.read)',
    );
  });

  it('names a cluster the refresh could not read', async () => {
    const api = fakeDatastoresApi({
      getEntityDatastores: jest.fn(async () => anAnswer([aDatastore()])),
      refresh: jest.fn(async () =>
        refreshed(anAnswer([aDatastore()]), [
          { cluster: 'east', status: 'failed', reason: 'did not answer' },
          { cluster: 'west', status: 'refreshed' },
        ]),
      ),
    });
    await render(api);
    fireEvent.click(screen.getByRole('button', { name: 'Refresh now' }));
    await waitFor(() =>
      expect(
        screen.getByText(
          'Refreshed, except cluster east (its last state is shown)',
        ),
      ).toBeInTheDocument(),
    );
  });

  it('words a 429 without a last time', () => {
    const error = Object.assign(new Error('x'), {
      statusCode: 429,
      body: { error: { retryAfterSeconds: 5 } },
    });
    expect(refreshFailureMessage(error)).toBe(
      'Refreshed recently; try again in 5 s',
    );
  });
});
