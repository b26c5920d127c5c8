/** An error answered as GitHub does: `{ message, documentation_url }` with a status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface Reply {
  status: number;
  body?: unknown;
  /** Bytes sent as they are (a file's raw media type), instead of `body` as JSON. */
  raw?: Buffer;
  headers?: Record<string, string>;
}

export interface RequestContext {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** The login of the authenticated caller. */
  login: string;
  /** The request's Accept header: GitHub answers some media types differently. */
  accept?: string;
  /** An error injected into a mutation on a repository (`owner/name`), if any. */
  mutationFault?(
    field: string,
    nameWithOwner: string,
  ): { type: string; message: string } | undefined;
}

/** Splits an array into a GitHub-style page and its `Link` header. */
export function paginate<T>(
  items: T[],
  query: URLSearchParams,
  url: URL,
): { page: T[]; headers: Record<string, string> } {
  const perPage = Math.min(
    Math.max(Number(query.get('per_page') ?? 30), 1),
    100,
  );
  const page = Math.max(Number(query.get('page') ?? 1), 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (p: number, rel: string) => {
    const u = new URL(url.toString());
    u.searchParams.set('per_page', String(perPage));
    u.searchParams.set('page', String(p));
    return `<${u.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'), link(1, 'first'));
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  return {
    page: items.slice((page - 1) * perPage, page * perPage),
    headers: links.length ? { link: links.join(', ') } : {},
  };
}
