import fc from 'fast-check';
import { ENVIRONMENTS } from './model';
import { baseNameLimit, deriveNames } from './names';
import {
  datastoreRequestProblems,
  nameProblem,
  validateDatastoreRequest,
} from './validation';

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const isRdsIdentifier = (id: string) =>
  id.length >= 1 &&
  id.length <= 63 &&
  /^[a-zA-Z][a-zA-Z0-9-]*$/.test(id) &&
  !id.includes('--') &&
  !id.endsWith('-');
const isEntityName = (name: string) =>
  name.length <= 63 && /^[a-zA-Z0-9]+([-_.][a-zA-Z0-9]+)*$/.test(name);

/** Names as a person might type them: mostly valid, sometimes not. */
const candidateName = fc.stringMatching(/^[a-z][a-z0-9-]{0,40}$/);

describe('deriveNames', () => {
  it('derives every name from service, name and environment', () => {
    expect(
      deriveNames({
        service: 'orders',
        name: 'main',
        environment: 'production',
      }),
    ).toEqual({
      base: 'orders-main-production',
      entityName: 'orders-main-production',
      kubernetesName: 'orders-main-production',
      connectionSecretName: 'orders-main-production-app',
      externalSecretName: 'orders-main-production',
      rdsIdentifier: 'orders-main-production',
      secretsManagerName: 'datastores/production/orders/main',
      neonProjectName: 'orders-main-production',
    });
  });

  it('gives a valid name for every target whenever validation accepts the request', () => {
    fc.assert(
      fc.property(
        candidateName,
        candidateName,
        fc.subarray([...ENVIRONMENTS], { minLength: 1 }),
        (service, name, environments) => {
          const usable =
            !nameProblem('service', service) &&
            !nameProblem('name', name) &&
            environments.every(
              environment =>
                deriveNames({ service, name, environment }).base.length <=
                baseNameLimit('database').maxBaseLength,
            );
          const problems = datastoreRequestProblems({
            service,
            name,
            kind: 'database',
            environments,
            criticality: 'reconstructable',
          });
          // Validation accepts exactly the usable inputs.
          expect(problems.length === 0).toBe(usable);
          if (!usable) return;
          const request = validateDatastoreRequest({
            service,
            name,
            kind: 'database',
            environments,
            criticality: 'reconstructable',
          });
          for (const environment of request.environments) {
            const names = deriveNames({
              service: request.service.name,
              name: request.name,
              environment,
            });
            expect(names.kubernetesName).toMatch(DNS_LABEL);
            // CloudNativePG's suffixes (-rw, -ro, -r, -app, -superuser, -<n>) stay within a label.
            expect(
              `${names.kubernetesName}-superuser`.length,
            ).toBeLessThanOrEqual(63);
            expect(names.connectionSecretName).toMatch(DNS_LABEL);
            expect(isRdsIdentifier(names.rdsIdentifier)).toBe(true);
            expect(isEntityName(names.entityName)).toBe(true);
            expect(names.secretsManagerName).toMatch(
              /^[a-zA-Z0-9/_+=.@-]{1,512}$/,
            );
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
