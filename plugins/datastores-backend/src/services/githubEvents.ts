import { LoggerService } from '@backstage/backend-plugin-api';
import { EventParams, EventsService } from '@backstage/plugin-events-node';

/**
 * The GitHub webhook events that move a request: a pull request opened, merged or closed, and
 * the checks and workflow runs (the apply workflow's among them) that finish on its commits.
 * The events backend's GitHub module publishes each as `github.<event>`.
 */
export const GITHUB_TOPICS = [
  'github.pull_request',
  'github.check_run',
  'github.workflow_run',
];

/** The repository (`owner/name`) an event is about, when it says. */
export function repositoryOf(params: EventParams): string | undefined {
  const payload = params.eventPayload as {
    repository?: { full_name?: unknown };
  };
  const name = payload?.repository?.full_name;
  return typeof name === 'string' ? name : undefined;
}

/**
 * Refreshes the requests when GitHub says something happened in one of the target repos, so a
 * request moves within seconds of its event; the scheduled refresh still catches what no event
 * said (a missed delivery, a backend that was down).
 */
export async function refreshOnGithubEvents(options: {
  events: EventsService;
  /** Whether the product follows this repo (`owner/name`, as GitHub spells it). */
  watches: (repo: string) => Promise<boolean>;
  refresh: () => void;
  logger: LoggerService;
}) {
  await options.events.subscribe({
    id: 'datastores-requests',
    topics: GITHUB_TOPICS,
    async onEvent(params) {
      const repo = repositoryOf(params);
      if (!repo || !(await options.watches(repo))) return;
      options.logger.debug(
        `Refreshing datastore requests on ${params.topic} in ${repo}`,
      );
      options.refresh();
    },
  });
}

/**
 * Runs a scheduled task now, once more after the run in progress when it is running (the
 * scheduler refuses to trigger a running task): each trigger is followed by a whole run.
 */
export class TaskTrigger {
  private pending = false;
  private running?: Promise<void>;

  constructor(
    private readonly trigger: () => Promise<void>,
    private readonly options: {
      logger: LoggerService;
      retryMs?: number;
      attempts?: number;
    },
  ) {}

  /** Asks for a run; resolves when the scheduler has taken it (for tests), never rejects. */
  request(): Promise<void> {
    this.pending = true;
    this.running ??= this.loop().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async loop() {
    const { retryMs = 2000, attempts = 30, logger } = this.options;
    while (this.pending) {
      this.pending = false;
      for (let attempt = 1; ; attempt++) {
        try {
          await this.trigger();
          break;
        } catch (error) {
          if (
            (error as Error).name !== 'ConflictError' ||
            attempt >= attempts
          ) {
            logger.warn(
              `Could not run the refresh now: ${(error as Error).message}`,
            );
            break;
          }
          // Running: try again once it is done, so this event's change is read.
          await new Promise(r => setTimeout(r, retryMs));
        }
      }
    }
  }
}
