import { act, fireEvent, screen } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { EntityDatastores } from '@datastores/plugin-datastores-common';
import { DatastoresApi, datastoresApiRef } from '../../api';
import { isTimeout } from '../../hooks/useEntityDatastores';
import {
  aDatastore,
  anAnswer,
  fakeDatastoresApi,
} from '../../../fixtures/fixtures';
import { EntityDatastoresLoader } from './EntityDatastoresLoader';

const TIMEOUT =
  'Kubernetes could not be read: the Kubernetes query did not answer within 1500 ms';
const timedOut = anAnswer([aDatastore()], [{ message: TIMEOUT }]);
const complete = anAnswer([aDatastore()]);

async function renderLoader(api: DatastoresApi) {
  const rendered = await renderInTestApp(
    <TestApiProvider apis={[[datastoresApiRef, api]]}>
      <EntityDatastoresLoader entityRef="component:default/orders">
        {datastores => (
          <div data-testid="datastores">
            {datastores.map(d => d.name).join(', ')}
          </div>
        )}
      </EntityDatastoresLoader>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  await settle();
  return rendered;
}

/** Lets the pending answers arrive, with no time passing. */
async function settle() {
  await act(async () => {
    await jest.advanceTimersByTimeAsync(0);
  });
}

/** Lets `ms` pass, and the answers it brings arrive. */
async function pass(ms: number) {
  await act(async () => {
    await jest.advanceTimersByTimeAsync(ms);
  });
  await settle();
}

function answering(...answers: Array<EntityDatastores | Error>) {
  const getEntityDatastores = jest.fn(async () => {
    const next = answers.length > 1 ? answers.shift()! : answers[0];
    if (next instanceof Error) throw next;
    return next;
  });
  return fakeDatastoresApi({ getEntityDatastores });
}

async function responseError(status: number, statusText: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'Error', message: `${status} from the backend` },
        response: { statusCode: status },
      }),
      {
        status,
        statusText,
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );
}

describe('EntityDatastoresLoader', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('tells a timeout from other errors', () => {
    expect(isTimeout(TIMEOUT)).toBe(true);
    expect(
      isTimeout(
        'Kubernetes could not be read: cluster east did not answer within 1500 ms for /apis/x',
      ),
    ).toBe(true);
    expect(
      isTimeout(
        'orders-main-production: AWS RDS could not be read: Request timed out',
      ),
    ).toBe(true);
    expect(
      isTimeout(
        'You may not read Kubernetes resources (kubernetes.resources.read).',
      ),
    ).toBe(false);
  });

  it('retries a timed-out first load after 2 s, saying so, until the answer is complete', async () => {
    const api = answering(timedOut, complete);
    await renderLoader(api);
    expect(api.getEntityDatastores).toHaveBeenCalledTimes(1);
    expect(screen.getByText(TIMEOUT)).toBeInTheDocument();
    expect(screen.getByText('Retrying…')).toBeInTheDocument();
    expect(screen.getByTestId('datastores')).toHaveTextContent('users');

    await pass(1_999);
    expect(api.getEntityDatastores).toHaveBeenCalledTimes(1);
    await pass(1);
    expect(api.getEntityDatastores).toHaveBeenCalledTimes(2);
    expect(screen.queryByText(TIMEOUT)).not.toBeInTheDocument();
    expect(
      screen.queryByText('Some status could not be read'),
    ).not.toBeInTheDocument();
    expect(screen.queryByText('Retrying…')).not.toBeInTheDocument();
    // Complete: no more retries, only the periodic refresh.
    await pass(59_999);
    expect(api.getEntityDatastores).toHaveBeenCalledTimes(2);
  });

  it('backs off 2 s, 5 s and 15 s, at most three times, then refreshes every minute', async () => {
    const api = answering(timedOut);
    await renderLoader(api);
    const calls = () => api.getEntityDatastores.mock.calls.length;
    expect(calls()).toBe(1);
    await pass(2_000);
    expect(calls()).toBe(2);
    await pass(4_999);
    expect(calls()).toBe(2);
    await pass(1);
    expect(calls()).toBe(3);
    await pass(14_999);
    expect(calls()).toBe(3);
    await pass(1);
    expect(calls()).toBe(4);
    // Three retries spent: it stops saying it retries, and waits for the next refresh.
    expect(screen.queryByText('Retrying…')).not.toBeInTheDocument();
    expect(screen.getByText(TIMEOUT)).toBeInTheDocument();
    await pass(59_999);
    expect(calls()).toBe(4);
    await pass(1);
    expect(calls()).toBe(5);
    await pass(60_000);
    expect(calls()).toBe(6);
  });

  it('refreshes a complete answer every 60 s while mounted, and stops when unmounted', async () => {
    const api = answering(complete);
    const { unmount } = await renderLoader(api);
    expect(screen.queryByText('Retrying…')).not.toBeInTheDocument();
    await pass(60_000);
    expect(api.getEntityDatastores).toHaveBeenCalledTimes(2);
    await pass(60_000);
    expect(api.getEntityDatastores).toHaveBeenCalledTimes(3);
    unmount();
    await pass(600_000);
    expect(api.getEntityDatastores).toHaveBeenCalledTimes(3);
  });

  it('retries a failed load, keeping its error in sight', async () => {
    const api = answering(
      await responseError(503, 'Service Unavailable'),
      complete,
    );
    await renderLoader(api);
    expect(
      screen.getByText(/Could not load the datastores/),
    ).toBeInTheDocument();
    expect(screen.getByText('Retrying…')).toBeInTheDocument();
    await pass(2_000);
    expect(api.getEntityDatastores).toHaveBeenCalledTimes(2);
    expect(
      screen.queryByText(/Could not load the datastores/),
    ).not.toBeInTheDocument();
    expect(screen.getByTestId('datastores')).toHaveTextContent('users');
  });

  it('does not retry an answer that would be the same (404)', async () => {
    const api = answering(await responseError(404, 'Not Found'));
    await renderLoader(api);
    expect(
      screen.getByText(/Could not load the datastores/),
    ).toBeInTheDocument();
    expect(screen.queryByText('Retrying…')).not.toBeInTheDocument();
    await pass(59_999);
    expect(api.getEntityDatastores).toHaveBeenCalledTimes(1);
  });

  it('keeps the last answer when a refresh fails, saying so', async () => {
    const api = answering(
      complete,
      await responseError(502, 'Bad Gateway'),
      complete,
    );
    await renderLoader(api);
    await pass(60_000);
    expect(api.getEntityDatastores).toHaveBeenCalledTimes(2);
    expect(screen.getByTestId('datastores')).toHaveTextContent('users');
    expect(
      screen.getByText(/Could not refresh the datastores/),
    ).toBeInTheDocument();
    expect(screen.getByText('Retrying…')).toBeInTheDocument();
    await pass(2_000);
    expect(
      screen.queryByText(/Could not refresh the datastores/),
    ).not.toBeInTheDocument();
  });

  it('loads again now on Refresh, with a fresh allowance of retries', async () => {
    const api = answering(timedOut);
    await renderLoader(api);
    // Spend the three retries.
    await pass(2_000 + 5_000 + 15_000);
    expect(api.getEntityDatastores).toHaveBeenCalledTimes(4);

    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await settle();
    expect(api.getEntityDatastores).toHaveBeenCalledTimes(5);
    expect(screen.getByText('Retrying…')).toBeInTheDocument();
    await pass(2_000);
    expect(api.getEntityDatastores).toHaveBeenCalledTimes(6);
  });
});
