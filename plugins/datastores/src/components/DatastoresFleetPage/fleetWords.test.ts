import { fleetValueName } from './fleetWords';

describe('fleetValueName', () => {
  it('names a provider by the title the backend counted, a provider module’s too', () => {
    expect(fleetValueName('provider', 'rds')).toBe('AWS RDS');
    expect(
      fleetValueName('provider', 'aurora-postgresql', {
        'aurora-postgresql': 'Aurora PostgreSQL',
      }),
    ).toBe('Aurora PostgreSQL');
    // Nothing says what it is called: its id, rather than a guess.
    expect(fleetValueName('provider', 'aurora-postgresql')).toBe(
      'aurora-postgresql',
    );
    expect(fleetValueName('environment', 'production')).toBe('Production');
  });
});
