import express from 'express';
import Router from 'express-promise-router';

/**
 * The HTTP API of the datastores backend, mounted at `/api/datastores`.
 * The default router turns thrown `@backstage/errors` into JSON responses.
 */
export async function createRouter(): Promise<express.Router> {
  const router = Router();
  router.use(express.json());

  // Unauthenticated on purpose (see plugin.ts): load balancers and the smoke test probe it.
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  return router;
}
