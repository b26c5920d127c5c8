import { ConfigReader } from '@backstage/config';
import { PROVIDERS } from '@datastores/plugin-datastores-common';
import { readDatastoresConfig } from '../config';
import { readPolicy } from '../readPolicy';
import { DatastoreProviders } from './registry';
import { DatastoreProvider } from './types';

const aurora: DatastoreProvider = {
  id: 'aurora-postgresql',
  facts: {
    title: 'Aurora PostgreSQL',
    strategy: 'managed',
    engines: ['postgres'],
    target: 'terraform',
    maxRetentionDays: 35,
  },
  render: () => [],
};

describe('DatastoreProviders', () => {
  it('holds the built-in providers, then the added ones, in order', () => {
    expect(DatastoreProviders.create().ids()).toEqual([...PROVIDERS]);
    const providers = DatastoreProviders.create([aurora]);
    expect(providers.ids('managed')).toEqual([
      'rds',
      'neon',
      'aurora-postgresql',
    ]);
    expect(providers.catalog['aurora-postgresql'].title).toBe(
      'Aurora PostgreSQL',
    );
    expect(providers.get('aurora-postgresql')).toBe(aurora);
  });

  it('refuses an id taken twice or malformed, and names those installed for an unknown one', () => {
    expect(() => DatastoreProviders.create([{ ...aurora, id: 'rds' }])).toThrow(
      'The datastore provider rds is registered twice',
    );
    expect(() =>
      DatastoreProviders.create([{ ...aurora, id: 'Aurora' }]),
    ).toThrow(
      'A datastore provider\'s id must be lowercase words joined by hyphens; got "Aurora"',
    );
    expect(() => DatastoreProviders.create().get('aurora-postgresql')).toThrow(
      'No datastore provider "aurora-postgresql" is installed; installed: rds, neon, cloudnative-pg, dragonfly, redis',
    );
  });

  it('is what the configuration is checked against', () => {
    const config = (postgres: object) =>
      new ConfigReader({
        datastores: {
          targets: {
            terraform: { repoUrl: 'https://github.com/acme/infra-terraform' },
            gitops: { repoUrl: 'https://github.com/acme/infra-gitops' },
          },
          managed: { postgres },
        },
      });
    const withAurora = DatastoreProviders.create([aurora]);
    const chosen = config({ provider: 'aurora-postgresql' });
    expect(readDatastoresConfig(chosen, withAurora).managed.postgres).toEqual(
      expect.objectContaining({ provider: 'aurora-postgresql' }),
    );
    expect(readPolicy(chosen, withAurora)[3].then).toEqual({
      strategy: 'managed',
      provider: 'aurora-postgresql',
    });
    expect(() => readDatastoresConfig(chosen)).toThrow(
      'datastores.managed.postgres.provider must be one of rds, neon; got "aurora-postgresql"',
    );
    // Its own bound on retention: 35 days, not Neon's 30.
    expect(() =>
      readDatastoresConfig(
        config({ provider: 'aurora-postgresql', backupRetentionDays: 36 }),
        withAurora,
      ),
    ).toThrow(
      'backupRetentionDays must be a whole number of days from 7 to 35',
    );
  });
});
