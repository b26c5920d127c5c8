import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  ENVIRONMENTS,
  PROVIDERS,
  STRATEGIES,
  TARGETS,
  validateDatastoreRequest,
} from '@datastores/plugin-datastores-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { RequestStore } from './database/RequestStore';
import { DatastoresService } from './services/DatastoresService';

const recordSchema = z.object({
  service: z.string(),
  name: z.string(),
  kind: z.string(),
  engine: z.string(),
  environments: z.array(z.string()),
  criticality: z.string(),
  size: z.string().optional(),
  namespace: z.string().optional(),
  owner: z.string().optional(),
  decisions: z.array(
    z.object({
      environment: z.enum(ENVIRONMENTS),
      strategy: z.enum(STRATEGIES),
      provider: z.enum(PROVIDERS),
      target: z.enum(TARGETS),
      rationale: z.string(),
    }),
  ),
  pullRequests: z.array(
    z.object({
      target: z.enum(TARGETS),
      repo: z.string(),
      url: z.string().url(),
      number: z.number().int().positive(),
    }),
  ),
  resources: z.array(z.string()),
  catalogFiles: z
    .array(
      z.object({
        target: z.enum(TARGETS),
        path: z.string(),
        entityRef: z.string(),
      }),
    )
    .optional(),
});

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      result.error.issues
        .map(i => `${i.path.join('.') || 'body'}: ${i.message}`)
        .join('; '),
    );
  }
  return result.data;
}

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
  store: RequestStore;
}): Promise<express.Router> {
  const { httpAuth, auditor, service, store } = deps;
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

  router.post('/v1/decisions', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await service.decisions(req.body, credentials));
  });

  router.post('/v1/requests', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    const record = parse(recordSchema, req.body);
    // The same validation as the action and the form: a request the action would refuse is
    // refused here too.
    const request = validateDatastoreRequest(record);
    const event = await auditor.createEvent({
      eventId: 'request-record',
      request: req,
      meta: {
        service: record.service,
        name: record.name,
        environments: request.environments,
      },
    });
    try {
      const stored = await store.record(
        {
          ...record,
          kind: request.kind,
          engine: request.engine,
          environments: request.environments,
          criticality: request.criticality,
          size: request.size,
        },
        credentials.principal.subject,
      );
      await event.success({ meta: { id: stored.id } });
      res.status(201).json(stored);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  router.get('/v1/requests', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const entityRef =
      typeof req.query.entityRef === 'string' ? req.query.entityRef : undefined;
    res.json({ items: await store.list({ serviceRef: entityRef }) });
  });

  return router;
}
