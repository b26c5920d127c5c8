import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ProvisioningRequestRecord,
  TARGETS,
} from '@datastores/plugin-datastores-common';
import {
  DatastoresConfig,
  PullRequestEngine,
  parseRepoCoordinates,
  parseRequestMarker,
} from '@datastores/plugin-datastores-node';
import { RequestStore } from '../database/RequestStore';

/** The label every datastores pull request carries (see datastores:provision). */
const LABEL = 'datastores';

/** What one refresh did, for logs and tests. */
export interface RefreshSummary {
  rediscovered: number;
  refreshed: number;
  registered: string[];
  errors: string[];
}

/** The repo of a pull request, from its URL (`https://host/owner/name/pull/7`). */
function repoOfPullRequest(url: string): string {
  return url.replace(/\/pull\/\d+\/?$/, '');
}

/**
 * Keeps requests in step with their pull requests: rediscovers requests from the markers in
 * the target repos (so nothing is lost when the action could not reach the backend), refreshes
 * each open pull request's state and checks, and registers a datastore's catalog entity once
 * its pull request merges.
 */
export class RequestRefresher {
  constructor(
    private readonly deps: {
      store: RequestStore;
      engine: Pick<
        PullRequestEngine,
        'getPullRequestStatus' | 'listPullRequests'
      >;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      /** Undefined when `datastores.targets` is not configured: nothing to rediscover. */
      config: DatastoresConfig | undefined;
      /** Register merged entities in the catalog (off when a provider already covers the repos). */
      registerOnMerge: boolean;
    },
  ) {}

  async refresh(): Promise<RefreshSummary> {
    const summary: RefreshSummary = {
      rediscovered: 0,
      refreshed: 0,
      registered: [],
      errors: [],
    };
    await this.rediscover(summary);
    for (const stored of await this.deps.store.list()) {
      const next = await this.refreshRequest(stored.request, summary);
      if (JSON.stringify(next) !== JSON.stringify(stored.request)) {
        await this.deps.store.update(stored.id, next);
      }
    }
    for (const error of summary.errors) this.deps.logger.warn(error);
    return summary;
  }

  private async rediscover(summary: RefreshSummary) {
    const { config, engine, store } = this.deps;
    if (!config) return;
    const known = new Set(
      (await store.list()).flatMap(s => s.request.pullRequests.map(p => p.url)),
    );
    for (const target of TARGETS) {
      const { repoUrl } = config.targets[target];
      let listed;
      try {
        listed = await engine.listPullRequests({ repo: repoUrl, label: LABEL });
      } catch (error) {
        summary.errors.push(
          `Could not list the pull requests of ${repoUrl}: ${
            (error as Error).message
          }`,
        );
        continue;
      }
      const { owner, name } = parseRepoCoordinates(repoUrl);
      for (const pr of listed) {
        const marker = known.has(pr.url)
          ? undefined
          : parseRequestMarker(pr.body);
        if (!marker) continue;
        await store.record(
          {
            ...marker,
            pullRequests: [
              {
                target,
                repo: `${owner}/${name}`,
                url: pr.url,
                number: pr.number,
                state: pr.state,
              },
            ],
          },
          `rediscovered:${owner}/${name}#${pr.number}`,
        );
        known.add(pr.url);
        summary.rediscovered++;
      }
    }
  }

  private async refreshRequest(
    request: ProvisioningRequestRecord,
    summary: RefreshSummary,
  ): Promise<ProvisioningRequestRecord> {
    const pullRequests = [];
    for (const pr of request.pullRequests) {
      // Merged and closed pull requests do not change any more.
      if (pr.state === 'merged' || pr.state === 'closed') {
        pullRequests.push(pr);
        continue;
      }
      try {
        const status = await this.deps.engine.getPullRequestStatus({
          repo: repoOfPullRequest(pr.url),
          number: pr.number,
        });
        pullRequests.push({
          ...pr,
          state: status.state,
          checks: status.checks,
        });
        summary.refreshed++;
      } catch (error) {
        summary.errors.push(
          `Could not read ${pr.url}: ${(error as Error).message}`,
        );
        pullRequests.push(pr);
      }
    }
    const next = { ...request, pullRequests };
    return this.deps.registerOnMerge ? this.register(next, summary) : next;
  }

  /** Registers the catalog entity of each merged target, once. */
  private async register(
    request: ProvisioningRequestRecord,
    summary: RefreshSummary,
  ): Promise<ProvisioningRequestRecord> {
    const { config, catalog, auth } = this.deps;
    if (!config) return request;
    const registered = new Set(request.registered ?? []);
    for (const file of request.catalogFiles ?? []) {
      const merged = request.pullRequests.some(
        p => p.target === file.target && p.state === 'merged',
      );
      const { repoUrl, baseBranch } = config.targets[file.target];
      const target = `${repoUrl.replace(/\/$/, '')}/blob/${baseBranch}/${
        file.path
      }`;
      if (!merged || registered.has(target)) continue;
      try {
        await catalog.addLocation(
          { type: 'url', target },
          { credentials: await auth.getOwnServiceCredentials() },
        );
        summary.registered.push(target);
        registered.add(target);
      } catch (error) {
        if (
          error instanceof ConflictError ||
          (error as Error).name === 'ConflictError'
        ) {
          registered.add(target); // someone registered it already
        } else {
          summary.errors.push(
            `Could not register ${target}: ${(error as Error).message}`,
          );
        }
      }
    }
    return { ...request, registered: [...registered] };
  }
}
