import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  DATASTORES_STATUS_CHANNEL,
  DatastoresStatusSignal,
  FleetRow,
  datastoresTabLink,
  lifecycleNotices,
} from '@datastores/plugin-datastores-common';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import { NoticeStore } from '../database/NoticeStore';
import { RequestStore, StoredRequest } from '../database/RequestStore';

/** What one run of the notifier did. */
export interface NotifySummary {
  sent: number;
  /** Datastores whose lifecycle state changed (signalled to open pages). */
  changed: number;
  errors: string[];
}

/** A request younger than this, first seen, is told where it stands; older ones are not. */
const FIRST_SIGHT_MS = 24 * 60 * 60 * 1000;

function isUserRef(ref: string): boolean {
  try {
    return parseEntityRef(ref).kind.toLocaleLowerCase('en-US') === 'user';
  } catch {
    return false;
  }
}

/**
 * Tells the requester and the owning group of each datastore when its lifecycle moves (pull
 * requests opened, merged, ready, a failure, production backups at risk), once per transition,
 * through Backstage's notifications; and signals open pages that a service's datastores moved.
 * Runs over every datastore's status as the fleet computes it (the plugin's own view).
 */
export class LifecycleNotifier {
  /** Set once the notifications backend answered 404: it is not installed. */
  private notInstalled = false;

  constructor(
    private readonly deps: {
      /** Every datastore's status, refined with what is observed, with its lifecycle. */
      rows: () => Promise<FleetRow[]>;
      requests: RequestStore;
      notices: NoticeStore;
      notifications?: NotificationService;
      signals?: SignalsService;
      logger: LoggerService;
      now?: () => number;
    },
  ) {}

  async run(): Promise<NotifySummary> {
    const { requests, notices, logger } = this.deps;
    const now = this.deps.now?.() ?? Date.now();
    const [rows, stored, told] = await Promise.all([
      this.deps.rows(),
      requests.list(),
      notices.all(),
    ]);
    const requestOf = new Map<string, StoredRequest>(
      stored.map(r => [`${r.request.service}|${r.request.name}`, r]),
    );
    const summary: NotifySummary = { sent: 0, changed: 0, errors: [] };
    const changed = new Map<string, string[]>();
    for (const row of rows) {
      const status = row.datastore;
      const request = requestOf.get(`${row.service}|${status.name}`);
      const previous = told.get(status.entityRef);
      const { notices: due, next } = lifecycleNotices(status, previous?.state);
      if (previous?.raw === JSON.stringify(next)) continue;
      // First seen: a new request is told where it stands; anything else (the catalog's
      // datastores, old requests, when the notifier is first installed) is its baseline.
      const recent =
        request && now - Date.parse(request.createdAt) < FIRST_SIGHT_MS;
      const toTell = previous || recent ? due : [];
      if (!(await notices.claim(status.entityRef, previous, next))) continue;
      if (previous?.state.seen !== next.seen) {
        summary.changed++;
        changed.set(row.service, [
          ...(changed.get(row.service) ?? []),
          status.entityRef,
        ]);
      }
      // Who asked (the action's user; a user who recorded it themselves), and the owners.
      const asker = request?.request.requestedBy ?? request?.createdBy;
      const recipients = [
        ...(asker && isUserRef(asker) ? [asker] : []),
        ...(row.owner ? [row.owner] : []),
      ];
      const notifications = this.notInstalled
        ? undefined
        : this.deps.notifications;
      if (!notifications || !toTell.length || !recipients.length) continue;
      try {
        for (const notice of toTell) {
          await notifications.send({
            recipients: { type: 'entity', entityRef: recipients },
            payload: {
              title: notice.title,
              description: notice.description,
              link: datastoresTabLink(row.service),
              severity: notice.severity,
              topic: 'datastores',
              scope: notice.scope,
            },
          });
          summary.sent++;
        }
      } catch (error) {
        if (/status 404/.test((error as Error).message)) {
          // Said once, not every cycle: what is not told meanwhile is not told later.
          this.notInstalled = true;
          logger.warn(
            'Datastore lifecycle notifications are not sent: the notifications backend answers 404, so it is not installed. Add @backstage/plugin-notifications-backend to the backend, or set datastores.notifications.enabled: false.',
          );
          continue;
        }
        // Not told: release the claim, so the next run tells it.
        await notices.release(status.entityRef, next, previous);
        const message = `Could not notify ${recipients.join(', ')} about ${
          status.entityRef
        }: ${(error as Error).message}`;
        summary.errors.push(message);
        logger.warn(message);
      }
    }
    for (const [service, entityRefs] of changed) {
      await this.deps.signals
        ?.publish({
          // Names only: a page that is told refetches through the API, which checks access.
          recipients: { type: 'broadcast' },
          channel: DATASTORES_STATUS_CHANNEL,
          message: { service, entityRefs } satisfies DatastoresStatusSignal,
        })
        .catch(error =>
          logger.warn(`Could not signal ${service}: ${error.message}`),
        );
    }
    return summary;
  }
}
