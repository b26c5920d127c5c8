import { mockServices } from '@backstage/backend-test-utils';
import request from 'supertest';

/**
 * Backstage's mock scheduler, running every task (the collector's first cycle among them)
 * once as the backend starts: the backend is up once that cycle is stored.
 */
export const collectOnStartup = () =>
  mockServices.scheduler.factory({ includeInitialDelayedTasksOnStartup: true });

/**
 * A collector schedule for tests: the first cycle as soon as the scheduler looks (within its
 * 5 s work check), then none for ten minutes, so a test reads exactly what that cycle saw.
 */
export const RUN_ONCE_SCHEDULE = {
  frequency: { minutes: 10 },
  timeout: { minutes: 1 },
  initialDelay: { seconds: 0 },
};

/** What `GET /v1/live` answers. */
export interface LiveState {
  lastCycle: { startedAt: string; summary: any } | null;
  sources: Array<{ id: string; error?: string; lastSuccessAt?: string }>;
}

/**
 * Waits until the backend's collector has finished a cycle that started at or after `since`
 * (epoch ms), as `GET /v1/live` tells; what it then says.
 */
export async function collected(
  server: Parameters<typeof request>[0],
  options: { since?: number; timeoutMs?: number } = {},
): Promise<LiveState> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    const response = await request(server).get('/api/datastores/v1/live');
    const state = response.body as LiveState;
    if (
      response.status === 200 &&
      state.lastCycle &&
      Date.parse(state.lastCycle.startedAt) >= (options.since ?? 0)
    ) {
      return state;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `The collector finished no cycle in time: ${
          response.status
        } ${JSON.stringify(response.body)}`,
      );
    }
    await new Promise(r => setTimeout(r, 200));
  }
}
