import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError, serializeError } from '@backstage/errors';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  assertNamesFree,
  parseFleetQuery,
  validateRequestRecord,
} from '@datastores/plugin-datastores-common';
import express from 'express';
import Router from 'express-promise-router';
import { ObservationStore } from './database/ObservationStore';
import { RequestStore } from './database/RequestStore';
import { CYCLE_SOURCE } from './live/LiveCollector';
import { DatastoresService } from './services/DatastoresService';
import {
  EntityRefreshService,
  RefreshTooSoonError,
} from './services/EntityRefreshService';
import { FleetService } from './services/FleetService';
import { NameOwners } from './services/NameOwners';

/**
 * The HTTP API of the datastores backend, mounted at `/api/datastores`. Thin: parse, call the
 * service, answer JSON. The default router turns `@backstage/errors` into JSON responses.
 */
// Backstage's own rules: kinds are letters and digits, namespaces and names are at most 63
// characters of letters, digits and [-_.], starting and ending alphanumeric.
const KIND = /^[a-zA-Z][a-zA-Z0-9]*$/;
const NAME = /^(?=.{1,63}$)[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/;

/** The entity ref of `/v1/entities/:kind/:namespace/:name`, or a 400 naming the bad part. */
export function entityRefFromPath(params: {
  kind: string;
  namespace: string;
  name: string;
}): string {
  const { kind, namespace, name } = params;
  const bad = [
    !KIND.test(kind) && `kind ${JSON.stringify(kind)} (letters and digits)`,
    !NAME.test(namespace) && `namespace ${JSON.stringify(namespace)}`,
    !NAME.test(name) && `name ${JSON.stringify(name)}`,
  ].filter(Boolean);
  if (bad.length) {
    throw new InputError(
      `Not an entity reference: ${bad.join(
        ', ',
      )}; namespaces and names are 1 to 63 letters, digits and "-", "_" or "." between them`,
    );
  }
  return `${kind}:${namespace}/${name}`;
}

export async function createRouter(deps: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  service: DatastoresService;
  refresh: EntityRefreshService;
  fleet: FleetService;
  store: RequestStore;
  observations: ObservationStore;
  names: NameOwners;
}): Promise<express.Router> {
  const {
    httpAuth,
    auditor,
    service,
    refresh,
    fleet,
    store,
    observations,
    names,
  } = deps;
  const router = Router();
  router.use(express.json());

  // Unauthenticated on purpose (see plugin.ts): load balancers and the smoke test probe it.
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get(
    '/v1/entities/:kind/:namespace/:name/datastores',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      res.json(
        await service.listForEntity(entityRefFromPath(req.params), credentials),
      );
    },
  );

  // "Refresh now": re-reads one service's live state at once, rate-limited per service.
  router.post(
    '/v1/entities/:kind/:namespace/:name/refresh',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const entityRef = entityRefFromPath(req.params);
      // Refused attempts are audited too: who tried to make the product call the clusters.
      const event = await auditor.createEvent({
        eventId: 'entity-refresh',
        request: req,
        meta: { entityRef },
      });
      try {
        const answer = await refresh.refresh(entityRef, credentials);
        await event.success({
          meta: {
            calls: answer.refresh.calls,
            failedClusters: answer.refresh.clusters
              .filter(c => c.status === 'failed')
              .map(c => c.cluster),
          },
        });
        res.json(answer);
      } catch (error) {
        await event.fail({ error: error as Error });
        if (error instanceof RefreshTooSoonError) {
          // No @backstage/errors type is a 429: answered here, in the same JSON shape.
          res
            .status(429)
            .set('Retry-After', String(error.retryAfterSeconds))
            .json({
              error: {
                ...serializeError(error),
                retryAfterSeconds: error.retryAfterSeconds,
                lastRefreshAt: error.lastRefreshAt,
              },
              request: { method: req.method, url: req.originalUrl },
              response: { statusCode: 429 },
            });
          return;
        }
        throw error;
      }
    },
  );

  // The fleet page: every datastore the caller may read, filtered, one page at a time.
  router.get('/v1/datastores', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parseFleetQuery(
      req.query as Record<string, string | string[] | undefined>,
    );
    res.json(await fleet.page(query, credentials));
  });

  // What the collector last did: its last cycle, and how each source last went (an admin's
  // "which cluster is stale, and why").
  router.get('/v1/live', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const [cycle] = await observations.ofKinds([CYCLE_SOURCE.kind]);
    const sources = await observations.sources();
    res.json({
      lastCycle: cycle
        ? { startedAt: cycle.observedAt, summary: cycle.object }
        : null,
      sources: sources.filter(s => s.id !== CYCLE_SOURCE.id),
    });
  });

  router.post('/v1/decisions', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await service.decisions(req.body, credentials));
  });

  // Who already holds the names a request would take (the action asks before any write).
  router.get('/v1/names/owners', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['service'] });
    const { service: serviceRef, name } = req.query;
    if (typeof serviceRef !== 'string' || typeof name !== 'string') {
      throw new InputError(
        'service (an entity ref) and name (a datastore name) are required query parameters',
      );
    }
    res.json(
      await names.of({ serviceName: parseEntityRef(serviceRef).name, name }),
    );
  });

  router.post('/v1/requests', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    // The same validation as the action and the form: a request the action would refuse is
    // refused here too.
    const record = validateRequestRecord(req.body);
    const event = await auditor.createEvent({
      eventId: 'request-record',
      request: req,
      meta: {
        service: record.service,
        name: record.name,
        environments: record.environments,
      },
    });
    try {
      const { stem, owners } = await names.of({
        serviceName: parseEntityRef(record.service).name,
        name: record.name,
      });
      assertNamesFree({
        service: record.service,
        name: record.name,
        stem,
        owners,
      });
      const stored = await store.record(record, credentials.principal.subject);
      await event.success({ meta: { id: stored.id } });
      res.status(201).json(stored);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  router.get('/v1/requests', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entityRef =
      typeof req.query.entityRef === 'string' ? req.query.entityRef : undefined;
    res.json({
      items: await service.readableRequests(
        await store.list({ serviceRef: entityRef }),
        credentials,
      ),
    });
  });

  return router;
}
