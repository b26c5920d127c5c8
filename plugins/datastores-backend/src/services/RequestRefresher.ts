import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  Environment,
  ProvisioningRequestRecord,
  TARGETS,
  Target,
  assertNamesFree,
  applyResult,
  datastoreEntityRef,
  decideRequest,
  mergedRemovals,
  requestOfRecord,
  requestRecordProblems,
  validateDatastoreRequest,
  validateRequestRecord,
  withoutEnvironments,
} from '@datastores/plugin-datastores-common';
import {
  DatastoresConfig,
  PullRequestEngine,
  PullRequestStatus,
  PullRequestSummary,
  parseRepoCoordinates,
  terraformModuleDir,
  operationBranch,
  parseRequestMarker,
} from '@datastores/plugin-datastores-node';
import { RequestStore } from '../database/RequestStore';
import { NameOwners } from './NameOwners';

/** The label every datastores pull request carries (see datastores:provision). */
const LABEL = 'datastores';

/** What one refresh did, for logs and tests. */
export interface RefreshSummary {
  rediscovered: number;
  refreshed: number;
  /** Entities removed from the catalog because their removal merged. */
  unregistered: string[];
  /** Labelled pull requests whose marker was not trusted, and why. */
  ignored: string[];
  errors: string[];
}

type PullRequest = ProvisioningRequestRecord['pullRequests'][number];

/** A pull request by repository coordinates, never by the host of its web URL. */
const pullRequestKey = (p: { repo: string; number: number }) =>
  `${p.repo.toLowerCase()}#${p.number}`;

/** GraphQL spells an app's login without REST's `[bot]`; either spelling names the same account. */
const normalizeLogin = (login: string) =>
  login.replace(/\[bot\]$/i, '').toLowerCase();

/** `<service>#<name>#<environment>` → when its newest merged removal was opened. */
type RemovalTimes = Map<string, string>;

const removalKey = (
  marker: Pick<ProvisioningRequestRecord, 'service' | 'name'>,
  environment: string,
) => `${marker.service}#${marker.name}#${environment}`;

/** The merged removals among the trusted pull requests of a repo. */
function mergedRemovalTimes(
  listed: PullRequestSummary[],
  authors: Set<string>,
): RemovalTimes {
  const times: RemovalTimes = new Map();
  for (const pr of listed) {
    if (pr.state !== 'merged' || !pr.author) continue;
    if (!authors.has(normalizeLogin(pr.author))) continue;
    const marker = parseRequestMarker(pr.body);
    for (const environment of marker?.removes ?? []) {
      const key = removalKey(marker!, environment);
      if ((times.get(key) ?? '') < pr.createdAt) times.set(key, pr.createdAt);
    }
  }
  return times;
}

/** The marker without the environments a merged removal opened since took away. */
function withoutRemoved(
  marker: ProvisioningRequestRecord,
  pr: PullRequestSummary,
  removedAt: RemovalTimes,
): ProvisioningRequestRecord | undefined {
  // An invalid marker is refused later, by distrust(), with its reasons.
  if (requestRecordProblems({ ...marker, pullRequests: [] }).length) {
    return marker;
  }
  const removed = marker.environments.filter(environment => {
    const at = removedAt.get(removalKey(marker, environment));
    return at !== undefined && pr.createdAt <= at;
  });
  if (!removed.length) return marker;
  const left = withoutEnvironments(marker, removed);
  return left && { ...left, removes: undefined, operation: undefined };
}

/** What the refresher learnt of one request: the only fields it owns. */
interface Observed {
  pullRequests: Map<
    string,
    Pick<PullRequest, 'state' | 'checks' | 'mergedAt' | 'apply'>
  >;
}

/** How long after its merge a Terraform pull request's apply is still looked for. */
const APPLY_WATCH_MS = 24 * 60 * 60 * 1000;

/**
 * A merged Terraform pull request whose apply has not finished (or not been read) is read again,
 * for a day after its merge: the lifecycle's "applied" is the apply workflow's run on it.
 */
function awaitsApply(pr: PullRequest, now: number): boolean {
  if (pr.state !== 'merged' || pr.target !== 'terraform') return false;
  if (pr.operation === 'removal' || pr.operation === 'safeguard') return false;
  const results = Object.values(pr.apply ?? {});
  if (
    results.length &&
    results.every(r => r === 'success' || r === 'failure')
  ) {
    return false;
  }
  return !pr.mergedAt || now - Date.parse(pr.mergedAt) < APPLY_WATCH_MS;
}

/**
 * Writes what the refresher observed onto the record as it is NOW: a record made during the
 * cycle (a re-run adding an environment) keeps everything it was given.
 */
function applyObserved(
  current: ProvisioningRequestRecord,
  observed: Observed,
): ProvisioningRequestRecord {
  return {
    ...current,
    pullRequests: current.pullRequests.map(p => ({
      ...p,
      ...observed.pullRequests.get(pullRequestKey(p)),
    })),
  };
}

/**
 * Keeps requests in step with their pull requests: rediscovers requests from the markers in
 * the target repos (so nothing is lost when the action could not reach the backend), refreshes
 * each open pull request's state and checks, follows the apply of merged Terraform pull
 * requests, and drops what a merged removal took. The catalog reads the datastores' entities
 * from the repos itself (`@datastores/plugin-catalog-backend-module-datastores`).
 */
export class RequestRefresher {
  constructor(
    private readonly deps: {
      store: RequestStore;
      engine: Pick<
        PullRequestEngine,
        'getPullRequestStatuses' | 'listPullRequests' | 'viewerLogin'
      >;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      names: NameOwners;
      /** Undefined when `datastores.targets` is not configured: nothing to rediscover. */
      config: DatastoresConfig | undefined;
      /**
       * GitHub logins whose pull requests' markers are trusted. Default: the login the
       * product's own GitHub credentials act as.
       */
      trustedAuthors?: string[];
      /**
       * The targets whose repos it may read on GitHub (default: every target). The others have
       * no GitHub credentials (see plugin.ts, which says so once at start): their repos are not
       * listed and their pull requests are not read.
       */
      readableTargets?: ReadonlySet<Target>;
    },
  ) {}

  private readable(target: Target): boolean {
    return this.deps.readableTargets?.has(target) ?? true;
  }

  async refresh(signal?: AbortSignal): Promise<RefreshSummary> {
    const summary: RefreshSummary = {
      rediscovered: 0,
      refreshed: 0,
      unregistered: [],
      ignored: [],
      errors: [],
    };
    await this.rediscover(summary);
    const stored = await this.deps.store.list();
    const statuses = await this.readStatuses(
      stored.map(s => s.request),
      summary,
    );
    for (const { id, request } of stored) {
      if (signal?.aborted) break;
      const observed = await this.observe(request, statuses);
      let now: ProvisioningRequestRecord | undefined;
      await this.deps.store.amend(id, current => {
        now = applyObserved(current, observed);
        return now;
      });
      // A merged removal: the environment's entity leaves the catalog, then the record.
      const removed = now ? mergedRemovals(now) : [];
      if (removed.length) {
        const gone = await this.unregister(now!, removed, summary);
        if (gone.length) {
          await this.deps.store.amend(id, current =>
            withoutEnvironments(current, gone),
          );
        }
      }
    }
    for (const error of summary.errors) this.deps.logger.warn(error);
    for (const why of summary.ignored) this.deps.logger.warn(why);
    return summary;
  }

  /** The repository of a recorded pull request, on the host its target is configured on. */
  private repoOf(pr: PullRequest): string {
    const configured = this.deps.config?.targets[pr.target]?.repoUrl;
    const host = configured
      ? parseRepoCoordinates(configured).host
      : new URL(pr.url).host;
    return `${host}/${pr.repo}`;
  }

  /** The product's own login on each host, asked once: credentials keep their identity. */
  private readonly viewers = new Map<string, Promise<string>>();

  private async trusted(repoUrl: string): Promise<Set<string>> {
    const configured = this.deps.trustedAuthors;
    if (configured?.length) return new Set(configured.map(normalizeLogin));
    const { host } = parseRepoCoordinates(repoUrl);
    let viewer = this.viewers.get(host);
    if (!viewer) {
      viewer = this.deps.engine.viewerLogin({ repo: repoUrl });
      this.viewers.set(host, viewer);
      viewer.catch(() => this.viewers.delete(host)); // asked again next cycle
    }
    return new Set([normalizeLogin(await viewer)]);
  }

  private async rediscover(summary: RefreshSummary) {
    const { config, engine, store } = this.deps;
    if (!config) return;
    const known = new Set(
      (await store.list()).flatMap(s =>
        s.request.pullRequests.map(pullRequestKey),
      ),
    );
    for (const target of TARGETS) {
      if (!this.readable(target)) continue;
      const { repoUrl } = config.targets[target];
      const { owner, name } = parseRepoCoordinates(repoUrl);
      const repo = `${owner}/${name}`;
      let listed: PullRequestSummary[];
      let authors: Set<string>;
      try {
        listed = await engine.listPullRequests({ repo: repoUrl, label: LABEL });
        authors = await this.trusted(repoUrl);
      } catch (error) {
        summary.errors.push(
          `Could not rediscover the pull requests of ${repoUrl}: ${
            (error as Error).message
          }${
            this.deps.trustedAuthors?.length
              ? ''
              : ' (set datastores.refresh.trustedAuthors to the login that opens the pull requests, e.g. a GitHub App\'s "<slug>[bot]")'
          }`,
        );
        continue;
      }
      const removedAt = mergedRemovalTimes(listed, authors);
      for (const pr of listed) {
        if (known.has(pullRequestKey({ repo, number: pr.number }))) continue;
        const parsed = parseRequestMarker(pr.body);
        if (!parsed) continue;
        // What a merged removal took away does not come back from an older marker (the
        // removal's own included): a decommissioned datastore stays gone.
        const marker = withoutRemoved(parsed, pr, removedAt);
        if (!marker) continue;
        const why = await this.distrust(pr, marker, authors);
        if (why) {
          summary.ignored.push(`Ignored the marker of ${pr.url}: ${why}`);
          continue;
        }
        try {
          await store.record(
            validateRequestRecord({
              ...marker,
              // Only what the pull request itself proves: it, in the configured repo.
              registered: undefined,
              pullRequests: [
                {
                  target,
                  repo,
                  url: pr.url,
                  number: pr.number,
                  state: pr.state,
                  ...(marker.operation &&
                    marker.operation !== 'provision' && {
                      operation: marker.operation,
                    }),
                  ...(marker.removes?.length && { removes: marker.removes }),
                },
              ],
              operation: undefined,
              removes: undefined,
            }),
            `rediscovered:${repo}#${pr.number}`,
          );
          known.add(pullRequestKey({ repo, number: pr.number }));
          summary.rediscovered++;
        } catch (error) {
          summary.errors.push(
            `Could not record the request of ${pr.url}: ${
              (error as Error).message
            }`,
          );
        }
      }
    }
  }

  /** Why a labelled pull request's marker is not to be believed, or undefined. */
  private async distrust(
    pr: PullRequestSummary,
    marker: ProvisioningRequestRecord,
    authors: Set<string>,
  ): Promise<string | undefined> {
    if (!pr.author || !authors.has(normalizeLogin(pr.author))) {
      return `it was opened by ${
        pr.author ?? 'a deleted account'
      }, not by the product's GitHub identity (${[...authors].join(
        ', ',
      )}) or datastores.refresh.trustedAuthors`;
    }
    const problems = requestRecordProblems({ ...marker, pullRequests: [] });
    if (problems.length) {
      return `its request is invalid: ${problems
        .map(p => p.message)
        .join('; ')}`;
    }
    const request = validateDatastoreRequest(marker);
    const branch = operationBranch(request, marker.operation);
    if (pr.branch !== branch) {
      return `its branch "${pr.branch}" is not the request's "${branch}"`;
    }
    try {
      if (this.deps.config) {
        decideRequest(
          request,
          this.deps.config.policy,
          this.deps.config.providers.catalog,
        );
      }
      const { stem, owners } = await this.deps.names.of({
        serviceName: request.service.name,
        name: request.name,
      });
      assertNamesFree({
        service: marker.service,
        name: marker.name,
        stem,
        owners,
      });
    } catch (error) {
      return (error as Error).message;
    }
    return undefined;
  }

  /**
   * The state and checks of every open pull request of every request, in as few calls as the
   * engine can (fifty to a query): merged and closed ones do not change any more.
   */
  private async readStatuses(
    requests: ProvisioningRequestRecord[],
    summary: RefreshSummary,
  ): Promise<Map<string, PullRequestStatus>> {
    const open = new Map<string, PullRequest>();
    const now = Date.now();
    for (const pr of requests.flatMap(r => r.pullRequests)) {
      const unsettled = pr.state !== 'merged' && pr.state !== 'closed';
      if (!unsettled && !awaitsApply(pr, now)) continue;
      if (!this.readable(pr.target)) continue;
      open.set(pullRequestKey(pr), pr);
    }
    const statuses = new Map<string, PullRequestStatus>();
    if (!open.size) return statuses;
    const wanted = [...open.entries()];
    const outcomes = await this.deps.engine.getPullRequestStatuses(
      wanted.map(([, pr]) => ({ repo: this.repoOf(pr), number: pr.number })),
    );
    outcomes.forEach((outcome, i) => {
      const [key, pr] = wanted[i];
      if (outcome.ok) {
        statuses.set(key, outcome.status);
        summary.refreshed++;
      } else {
        summary.errors.push(
          `Could not read ${pr.url}: ${outcome.error.message}`,
        );
      }
    });
    return statuses;
  }

  /**
   * The apply workflow's result for each Terraform environment of the request, from the check
   * runs of a merged pull request's merge commit.
   */
  private applyOf(
    request: ProvisioningRequestRecord,
    status: PullRequestStatus,
  ): PullRequest['apply'] {
    const config = this.deps.config;
    if (!config || !status.mergeCommit) return undefined;
    let parsed;
    try {
      parsed = requestOfRecord(request);
    } catch {
      return undefined;
    }
    const checkRuns = status.mergeCommit.checkRuns;
    return Object.fromEntries(
      request.decisions
        .filter(d => d.target === 'terraform')
        .map(d => [
          d.environment,
          applyResult(
            checkRuns,
            terraformModuleDir(parsed, d.environment, config),
          ),
        ]),
    );
  }

  private async observe(
    request: ProvisioningRequestRecord,
    statuses: Map<string, PullRequestStatus>,
  ): Promise<Observed> {
    const pullRequests: Observed['pullRequests'] = new Map();
    for (const pr of request.pullRequests) {
      const status = statuses.get(pullRequestKey(pr));
      if (!status) continue;
      const apply = pr.target === 'terraform' && this.applyOf(request, status);
      pullRequests.set(pullRequestKey(pr), {
        state: status.state,
        checks: status.checks,
        ...(status.mergedAt && { mergedAt: status.mergedAt }),
        ...(apply && { apply }),
      });
    }
    return { pullRequests };
  }

  /**
   * Removes the catalog entity of each removed environment at once (the entity provider would
   * at its next read), and the location an earlier version of this backend registered for it
   * (`registered`). Returns the environments whose entity is gone (a failure is retried next
   * cycle).
   */
  private async unregister(
    request: ProvisioningRequestRecord,
    environments: Environment[],
    summary: RefreshSummary,
  ): Promise<Environment[]> {
    const { catalog, auth } = this.deps;
    const credentials = await auth.getOwnServiceCredentials();
    const service = parseEntityRef(request.service);
    const gone: Environment[] = [];
    for (const environment of environments) {
      const entityRef = datastoreEntityRef({
        service,
        name: request.name,
        environment,
      });
      try {
        const entity = await catalog.getEntityByRef(entityRef, {
          credentials,
        });
        if (entity) {
          const location = await catalog.getLocationByEntity(entityRef, {
            credentials,
          });
          if (location && request.registered?.includes(location.target)) {
            await catalog.removeLocationById(location.id, { credentials });
          }
          if (entity.metadata.uid) {
            await catalog.removeEntityByUid(entity.metadata.uid, {
              credentials,
            });
          }
          summary.unregistered.push(entityRef);
        }
        gone.push(environment);
      } catch (error) {
        summary.errors.push(
          `Could not remove ${entityRef} from the catalog: ${
            (error as Error).message
          }`,
        );
      }
    }
    return gone;
  }
}
