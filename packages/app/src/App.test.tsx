import {
  fireEvent,
  render,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import App from './App';

/**
 * What the CLI's bundler hands the app with `app.packages: all`: the default export of every
 * frontend plugin packages/app depends on (and of its `./alpha` entry point), as its package
 * detection finds them (`window['__@backstage/discovered__']`).
 */
function discoverPackages() {
  const { dependencies } = require('../package.json');
  const modules = Object.keys(dependencies).flatMap(name => {
    const pkg = require(`${name}/package.json`);
    if (
      !['frontend-plugin', 'frontend-plugin-module'].includes(
        pkg.backstage?.role,
      )
    ) {
      return [];
    }
    return [
      { name, default: require(name).default },
      ...(pkg.exports && './alpha' in pkg.exports
        ? [
            {
              name,
              export: './alpha',
              default: require(`${name}/alpha`).default,
            },
          ]
        : []),
    ];
  });
  (window as any)['__@backstage/discovered__'] = { modules };
}

/** The backend, as far as these tests need it: guest sign-in and the notifications. */
function fakeBackend() {
  const backend = { guestSignedIn: false, requested: [] as string[] };
  global.fetch = jest.fn(async (input: RequestInfo | URL) => {
    const url = String(input instanceof Request ? input.url : input);
    backend.requested.push(url);
    const json = (body: unknown, status = 200) =>
      new Response(JSON.stringify(body), {
        status,
        headers: { 'Content-Type': 'application/json' },
      });
    if (url.includes('/api/auth/guest/refresh')) {
      return backend.guestSignedIn
        ? json({
            profile: { displayName: 'Guest' },
            backstageIdentity: {
              token: 'header.e30.signature',
              identity: {
                type: 'user',
                userEntityRef: 'user:development/guest',
                ownershipEntityRefs: ['user:development/guest'],
              },
            },
          })
        : json(
            { error: { name: 'NotFoundError', message: 'No session' } },
            404,
          );
    }
    if (url.includes('/api/notifications/status')) {
      return json({ unread: 2, read: 0 });
    }
    if (url.includes('/api/notifications/notifications')) {
      return json({ notifications: [], totalCount: 0 });
    }
    return json({ items: [], totalItems: 0, pageInfo: {} });
  }) as typeof global.fetch;
  return backend;
}

/** A WebSocket that records where it connects and never opens. */
function recordSockets() {
  const sockets: string[] = [];
  global.WebSocket = class {
    static readonly OPEN = 1;
    readyState = 0;
    constructor(url: string) {
      sockets.push(url);
    }
    addEventListener() {}
    removeEventListener() {}
    close() {}
    send() {}
  } as unknown as typeof global.WebSocket;
  return sockets;
}

describe('App', () => {
  const fetch = global.fetch;
  const WebSocket = global.WebSocket;
  beforeEach(() => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Test', packages: 'all' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };
    discoverPackages();
  });
  afterEach(() => {
    global.fetch = fetch;
    global.WebSocket = WebSocket;
    delete (window as any)['__@backstage/discovered__'];
  });

  it('renders the sign-in page', async () => {
    fakeBackend();
    recordSockets();
    render(App.createRoot());
    expect(
      await screen.findByRole('button', { name: 'Enter' }, { timeout: 10_000 }),
    ).toBeInTheDocument();
  }, 30_000);

  it('installs notifications (its page and sidebar item) and signals, as app.packages: all discovers them', async () => {
    const backend = fakeBackend();
    const sockets = recordSockets();
    render(App.createRoot());
    const enter = await screen.findByRole(
      'button',
      { name: 'Enter' },
      { timeout: 10_000 },
    );
    backend.guestSignedIn = true;
    fireEvent.click(enter);

    const sidebar = await screen.findByRole(
      'navigation',
      { name: 'sidebar nav' },
      { timeout: 10_000 },
    );
    // Only the notifications' own item (with the unread count): not also a plain page link.
    // Generous waits: on a loaded 2-core CI machine the page's code-split chunk and its
    // first fetch take seconds.
    const wait = { timeout: 15_000 };
    const items = await within(sidebar).findAllByRole(
      'link',
      { name: /Notifications/ },
      wait,
    );
    expect(items).toHaveLength(1);
    expect(items[0]).toHaveAttribute('href', '/notifications');
    await waitFor(() => expect(items[0]).toHaveTextContent('2'), wait);

    // The page at /notifications, reading the guest's notifications from its backend.
    fireEvent.click(items[0]);
    await waitFor(
      () => expect(window.location.pathname).toBe('/notifications'),
      wait,
    );
    await waitFor(
      () =>
        expect(
          backend.requested.some(url =>
            url.includes('/api/notifications/notifications'),
          ),
        ).toBe(true),
      wait,
    );
    // The signals API is installed: the sidebar item subscribes through it, which connects
    // to the signals backend.
    await waitFor(
      () => expect(sockets).toContain('ws://localhost:7007/api/signals'),
      wait,
    );
  }, 90_000);
});
