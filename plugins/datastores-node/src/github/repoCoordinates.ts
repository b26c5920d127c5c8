import { InputError } from '@backstage/errors';
import { RepoCoordinates } from './types';

const SEGMENT = /^[A-Za-z0-9_.-]+$/;

/**
 * Parses `owner/name`, `host/owner/name`, `https://host/owner/name(.git)` or Backstage's
 * `host?owner=o&repo=r` into host, owner and name.
 * @public
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

/**
 * The web address of a repository, built from its parsed coordinates (so Backstage's
 * `host?owner=o&repo=r` form gives `https://host/o/r` too). Keeps an explicit `http://`.
 * @public
 */
export function repoWebUrl(repo: string, defaultHost = 'github.com'): string {
  const { host, owner, name } = parseRepoCoordinates(repo, defaultHost);
  const scheme = /^http:\/\//i.test(repo.trim()) ? 'http' : 'https';
  return `${scheme}://${host}/${owner}/${name}`;
}

/** The URL of a file on a branch, as the catalog reads locations (`…/blob/<branch>/<path>`). @public */
export function repoFileUrl(
  repo: string,
  branch: string,
  path: string,
): string {
  const segments = (p: string) =>
    p.split('/').map(encodeURIComponent).join('/');
  return `${repoWebUrl(repo)}/blob/${segments(branch)}/${segments(path)}`;
}
