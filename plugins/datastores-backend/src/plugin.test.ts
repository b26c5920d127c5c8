import { startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import datastoresPlugin from './index';

describe('datastores backend plugin', () => {
  it('answers its health route without credentials', async () => {
    const { server } = await startTestBackend({ features: [datastoresPlugin] });

    const response = await request(server)
      .get('/api/datastores/health')
      .set('Authorization', '');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('answers unknown routes with a JSON 404', async () => {
    const { server } = await startTestBackend({ features: [datastoresPlugin] });

    const response = await request(server).get('/api/datastores/nope');

    expect(response.status).toBe(404);
  });
});
