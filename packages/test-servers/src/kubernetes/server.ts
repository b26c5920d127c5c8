import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';

/** A Kubernetes object held by the stand-in. */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    [key: string]: unknown;
  };
  spec?: unknown;
  status?: unknown;
  [key: string]: unknown;
}

/** One call the stand-in answered (or is still holding). */
export interface KubernetesCall {
  method: string;
  /** Path without the query, e.g. `/apis/external-secrets.io/v1/externalsecrets`. */
  path: string;
  labelSelector?: string;
  /** 0 while a hung call is held open. */
  status: number;
  authorization?: string;
}

/** A fault injected on the calls whose path matches. */
export interface KubernetesFault {
  /** Substring or pattern of `"<METHOD> <path>"`; every call when omitted. */
  match?: string | RegExp;
  /** Extra latency before answering, in ms. */
  latencyMs?: number;
  /** Never answer (until `clearFaults` or `close`). */
  hang?: boolean;
  /** Answer this status (e.g. 500, 403) with a Kubernetes `Status` body. */
  status?: number;
}

export interface KubernetesServerOptions {
  /** Accepted bearer tokens; any non-empty token when omitted. */
  tokens?: string[];
  /** Objects to start with. */
  objects?: KubernetesObject[];
  /**
   * The custom resource types installed (`<group>/<plural>`): lists of other groups answer
   * 404, as an API server without that CRD does. Every type is served when omitted.
   */
  crds?: string[];
  /** Port (default: random). */
  port?: number;
}

export interface KubernetesServer {
  /** `http://127.0.0.1:PORT`: put it in a `config` cluster's `url`. */
  url: string;
  calls: KubernetesCall[];
  resetCalls(): void;
  /** Creates or replaces an object (by group, plural, namespace and name). */
  apply(object: KubernetesObject, options?: { plural?: string }): void;
  remove(
    object: Pick<KubernetesObject, 'apiVersion' | 'kind' | 'metadata'>,
  ): void;
  /** Forgets every object, call and fault. */
  reset(): void;
  fault(fault: KubernetesFault): void;
  /** Removes the faults and releases the calls held by a `hang`. */
  clearFaults(): void;
  /** Makes every continue token issued so far too old (410 Gone), as etcd compaction does. */
  expireContinueTokens(): void;
  close(): Promise<void>;
}

const PLURALS: Record<string, string> = {
  Redis: 'redis',
  RedisReplication: 'redisreplications',
  RedisCluster: 'redisclusters',
  RedisSentinel: 'redissentinels',
  Dragonfly: 'dragonflies',
};

/** The plural Kubernetes serves a kind under (`ExternalSecret` → `externalsecrets`). */
export function pluralOf(kind: string): string {
  if (PLURALS[kind]) return PLURALS[kind];
  const lower = kind.toLocaleLowerCase('en-US');
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  if (/(s|x|ch|sh)$/.test(lower)) return `${lower}es`;
  return `${lower}s`;
}

type Requirement = (labels: Record<string, string>) => boolean;

/** Parses an equality- or set-based label selector (`a=b,c!=d,e,!f,g in (h,i),j notin (k)`). */
export function parseLabelSelector(selector: string): Requirement[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts
    .map(p => p.trim())
    .filter(Boolean)
    .map((part): Requirement => {
      let m = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(part);
      if (m) {
        const [, key, op, value] = m;
        return op === '!='
          ? labels => labels[key] !== value
          : labels => labels[key] === value;
      }
      m = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
      if (m) {
        const [, key, op, list] = m;
        const values = list.split(',').map(v => v.trim());
        return op === 'in'
          ? labels => key in labels && values.includes(labels[key])
          : labels => !(key in labels) || !values.includes(labels[key]);
      }
      if (part.startsWith('!')) {
        const key = part.slice(1);
        return labels => !(key in labels);
      }
      return labels => part in labels;
    });
}

function groupOf(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : {
        group: apiVersion.slice(0, slash),
        version: apiVersion.slice(slash + 1),
      };
}

function keyOf(
  group: string,
  plural: string,
  namespace: string | undefined,
  name: string,
) {
  return `${group}|${plural}|${namespace ?? ''}|${name}`;
}

/** Code-unit order, as the API server lists keys (not the locale's). */
function compareKeys(a: string, b: string) {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

class KubernetesError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

function statusBody(code: number, message: string) {
  const reasons: Record<number, string> = {
    400: 'BadRequest',
    410: 'Expired',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'NotFound',
    500: 'InternalError',
    503: 'ServiceUnavailable',
  };
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: reasons[code] ?? 'Unknown',
    code,
  };
}

function send(res: ServerResponse, code: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * Starts a local server that answers like the Kubernetes API for list calls:
 * `GET /apis/<group>/<version>/[namespaces/<ns>/]<plural>?labelSelector=...` and
 * `GET /api/v1/[namespaces/<ns>/]<plural>`, from seeded objects, with label selectors,
 * injected latency, hangs and errors, a call log, and 401 without a bearer token.
 */
export async function startKubernetesServer(
  options: KubernetesServerOptions = {},
): Promise<KubernetesServer> {
  const objects = new Map<
    string,
    { group: string; version: string; plural: string; object: KubernetesObject }
  >();
  const calls: KubernetesCall[] = [];
  let faults: KubernetesFault[] = [];
  const held = new Set<ServerResponse>();

  const apply = (object: KubernetesObject, opts: { plural?: string } = {}) => {
    const { group, version } = groupOf(object.apiVersion);
    const plural = opts.plural ?? pluralOf(object.kind);
    objects.set(
      keyOf(group, plural, object.metadata.namespace, object.metadata.name),
      { group, version, plural, object: structuredClone(object) },
    );
  };
  for (const object of options.objects ?? []) apply(object);

  /** Bumped by every `expireContinueTokens`: older continue tokens answer 410 Gone. */
  let tokenEpoch = 0;

  /**
   * A list call, in chunks when asked (`limit`, `continue`), as the API server answers:
   * items in key order, `metadata.continue` while more remain, `remainingItemCount` only
   * without a selector, 400 for a token it did not issue, 410 for one too old.
   * https://kubernetes.io/docs/reference/using-api/api-concepts/#retrieving-large-results-sets-in-chunks
   */
  function list(path: string, params: URLSearchParams) {
    const m =
      /^\/apis\/([^/]+)\/([^/]+)(?:\/namespaces\/([^/]+))?\/([^/]+)$/.exec(
        path,
      ) ?? /^\/api\/(v1)(?:\/namespaces\/([^/]+))?\/([^/]+)$/.exec(path);
    if (!m) return undefined;
    const [group, version, namespace, plural] =
      m.length === 5 ? [m[1], m[2], m[3], m[4]] : ['', m[1], m[2], m[3]];
    if (
      group &&
      options.crds &&
      !options.crds.includes(
        `${decodeURIComponent(group)}/${decodeURIComponent(plural)}`,
      )
    ) {
      throw new KubernetesError(
        404,
        'the server could not find the requested resource',
      );
    }
    const selector = params.get('labelSelector') ?? undefined;
    const requirements = selector ? parseLabelSelector(selector) : [];
    const matching = [...objects.values()]
      .filter(
        e =>
          e.group === decodeURIComponent(group) &&
          e.version === decodeURIComponent(version) &&
          e.plural === decodeURIComponent(plural) &&
          (!namespace ||
            e.object.metadata.namespace === decodeURIComponent(namespace)) &&
          requirements.every(r => r(e.object.metadata.labels ?? {})),
      )
      .map(e => ({
        key: `${e.object.metadata.namespace ?? ''}/${e.object.metadata.name}`,
        object: e.object,
      }))
      .sort((a, b) => compareKeys(a.key, b.key));
    let after: string | undefined;
    const token = params.get('continue');
    if (token) {
      let decoded: { epoch?: number; after?: string } | undefined;
      try {
        decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
      } catch {
        decoded = undefined;
      }
      if (typeof decoded?.after !== 'string') {
        throw new KubernetesError(
          400,
          'continue key is not valid: illegal base64 data',
        );
      }
      if (decoded.epoch !== tokenEpoch) {
        throw new KubernetesError(
          410,
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
        );
      }
      after = decoded.after;
    }
    const rest = after ? matching.filter(i => i.key > after!) : matching;
    const limit = Number(params.get('limit')) || 0;
    const page = limit > 0 ? rest.slice(0, limit) : rest;
    const more = rest.length > page.length;
    const kind = page[0]?.object.kind ?? matching[0]?.object.kind;
    return {
      apiVersion: group ? `${group}/${version}` : version,
      kind: `${kind ?? guessKind(plural)}List`,
      metadata: {
        resourceVersion: '1',
        ...(more
          ? {
              continue: Buffer.from(
                JSON.stringify({
                  epoch: tokenEpoch,
                  after: page[page.length - 1].key,
                }),
              ).toString('base64url'),
              ...(selector
                ? {}
                : { remainingItemCount: rest.length - page.length }),
            }
          : {}),
      },
      items: page.map(i => i.object),
    };
  }

  /** `GET .../<plural>/<name>`: one object, as the API server (and kubectl get) answers. */
  function getOne(path: string) {
    const m =
      /^\/apis\/([^/]+)\/([^/]+)(?:\/namespaces\/([^/]+))?\/([^/]+)\/([^/]+)$/.exec(
        path,
      );
    if (!m) return undefined;
    const [, group, , namespace, plural, name] = m.map(p =>
      p === undefined ? p : decodeURIComponent(p),
    );
    const found = objects.get(keyOf(group, plural, namespace, name));
    return found ? found.object : null;
  }

  function guessKind(plural: string): string {
    for (const e of objects.values()) {
      if (e.plural === plural) return e.object.kind;
    }
    return plural;
  }

  const server: Server = createServer(
    (req: IncomingMessage, res: ServerResponse) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const call: KubernetesCall = {
        method: req.method ?? 'GET',
        path: url.pathname,
        labelSelector: url.searchParams.get('labelSelector') ?? undefined,
        status: 0,
        authorization: req.headers.authorization,
      };
      calls.push(call);
      const answer = (code: number, body: unknown) => {
        call.status = code;
        send(res, code, body);
      };
      const line = `${call.method} ${call.path}`;
      const matching = faults.filter(f => {
        if (f.match === undefined) return true;
        return typeof f.match === 'string'
          ? line.includes(f.match)
          : f.match.test(line);
      });
      if (matching.some(f => f.hang)) {
        held.add(res);
        res.on('close', () => held.delete(res));
        return;
      }
      const latency = Math.max(0, ...matching.map(f => f.latencyMs ?? 0));
      const respond = () => {
        const token = /^Bearer\s+(\S+)$/i.exec(
          req.headers.authorization ?? '',
        )?.[1];
        if (!token || (options.tokens && !options.tokens.includes(token))) {
          answer(401, statusBody(401, 'Unauthorized'));
          return;
        }
        const failing = matching.find(f => f.status);
        if (failing?.status) {
          answer(failing.status, statusBody(failing.status, 'injected fault'));
          return;
        }
        if (call.method !== 'GET') {
          answer(405, statusBody(405, 'only list and get calls are served'));
          return;
        }
        if (url.pathname === '/version') {
          answer(200, { major: '1', minor: '33', gitVersion: 'v1.33.0' });
          return;
        }
        let body;
        try {
          body = list(url.pathname, url.searchParams);
        } catch (error) {
          if (!(error instanceof KubernetesError)) throw error;
          answer(error.code, statusBody(error.code, error.message));
          return;
        }
        const one = body ? undefined : getOne(url.pathname);
        if (one) {
          answer(200, one);
          return;
        }
        if (!body) {
          answer(
            404,
            statusBody(404, `the server could not find ${url.pathname}`),
          );
          return;
        }
        answer(200, body);
      };
      if (latency > 0) setTimeout(respond, latency);
      else respond();
    },
  );

  await new Promise<void>(resolve =>
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as AddressInfo;

  const release = () => {
    for (const res of held) res.destroy();
    held.clear();
  };

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    resetCalls: () => {
      calls.length = 0;
    },
    apply,
    remove: object => {
      const { group } = groupOf(object.apiVersion);
      objects.delete(
        keyOf(
          group,
          pluralOf(object.kind),
          object.metadata.namespace,
          object.metadata.name,
        ),
      );
    },
    reset: () => {
      objects.clear();
      calls.length = 0;
      faults = [];
      release();
    },
    fault: fault => {
      faults.push(fault);
    },
    clearFaults: () => {
      faults = [];
      release();
    },
    expireContinueTokens: () => {
      tokenEpoch += 1;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        release();
        server.closeAllConnections();
        server.close(err => (err ? reject(err) : resolve()));
      }),
  };
}
