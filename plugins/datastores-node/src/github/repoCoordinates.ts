import { InputError } from '@backstage/errors';
import { RepoCoordinates } from './types';

const SEGMENT = /^[A-Za-z0-9_.-]+$/;

/**
 * Parses `owner/name`, `host/owner/name`, `https://host/owner/name(.git)` or Backstage's
 * `host?owner=o&repo=r` into host, owner and name.
 */
export function parseRepoCoordinates(
  repo: string,
  defaultHost = 'github.com',
): RepoCoordinates {
  const text = repo.trim();
  let host = defaultHost;
  let owner: string | undefined;
  let name: string | undefined;
  if (/^[^/?]+\?/.test(text)) {
    const url = new URL(`https://${text}`);
    host = url.host;
    owner = url.searchParams.get('owner') ?? undefined;
    name = url.searchParams.get('repo') ?? undefined;
  } else {
    let rest = text;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
      const url = new URL(text);
      host = url.host;
      rest = url.pathname;
    }
    const parts = rest.replace(/^\/+|\/+$/g, '').split('/');
    if (parts.length === 3 && !/^https?:/i.test(text)) {
      host = parts.shift()!;
    }
    if (parts.length === 2) [owner, name] = parts;
  }
  name = name?.replace(/\.git$/, '');
  if (!owner || !name || !SEGMENT.test(owner) || !SEGMENT.test(name)) {
    throw new InputError(
      `Invalid repository "${repo}": expected owner/name or https://host/owner/name`,
    );
  }
  return { host, owner, name };
}

/** GraphQL endpoint beside a REST base URL (`…/api/v3` → `…/api/graphql` on GitHub Enterprise). */
export function graphqlUrlFor(apiBaseUrl: string): string {
  const base = apiBaseUrl.replace(/\/+$/, '');
  if (/\/api\/v3$/.test(base))
    return base.replace(/\/api\/v3$/, '/api/graphql');
  return `${base}/graphql`;
}
