import { parse as parseHcl } from '@cdktn/hcl2json';
import {
  CRITICALITY_LEVELS,
  DATASTORE_KINDS,
  Decision,
  ENGINES_BY_KIND,
  ENVIRONMENTS,
  KUBERNETES_ID_LABEL,
  SIZES,
  decide,
  validateDatastoreRequest,
} from '@datastores/plugin-datastores-common';
import { ExternalSecret } from '@kubernetes-models/external-secrets/external-secrets.io/v1';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { DatastoresConfig } from '../config';
import { renderDatastore } from './renderDatastore';
import { testConfig } from '../../fixtures/render/fixtures';
import { loadXrds } from '../../fixtures/render/xrds';

const RUNS = 1000;

const name = (max: number) =>
  fc
    .tuple(
      fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'),
      fc.array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'), {
        maxLength: max - 1,
      }),
    )
    .map(([first, rest]) =>
      (first + rest.join('')).replace(/-+/g, '-').replace(/-$/, ''),
    );

const rawRequest = fc
  .record(
    {
      service: fc
        .tuple(fc.constantFrom('default', 'shop', 'team-a'), name(20))
        .map(([ns, n]) => `component:${ns}/${n}`),
      name: name(20),
      kindAndEngine: fc.constantFrom(...DATASTORE_KINDS).chain(kind =>
        fc.record({
          kind: fc.constant(kind),
          engine: fc.option(fc.constantFrom(...ENGINES_BY_KIND[kind]), {
            nil: undefined,
          }),
        }),
      ),
      environments: fc.subarray([...ENVIRONMENTS], { minLength: 1 }),
      criticality: fc.constantFrom(...CRITICALITY_LEVELS),
      size: fc.constantFrom(...SIZES),
      owner: fc.constantFrom('group:default/shop-team', 'user:default/jane'),
      namespace: name(30),
    },
    {
      requiredKeys: [
        'service',
        'name',
        'kindAndEngine',
        'environments',
        'criticality',
        'owner',
      ],
    },
  )
  .map(({ kindAndEngine, ...rest }) => ({ ...rest, ...kindAndEngine }));

const configs = {
  'rds/xr': testConfig(),
  'neon/claim': testConfig({
    managed: { postgres: { provider: 'neon' } },
    crossplane: { shape: 'claim' },
  }),
};
const xrds = { xr: loadXrds('xr'), claim: loadXrds('claim') };

/** What is wrong with one rendered YAML object; empty when it is right. */
function objectProblems(
  object: any,
  target: string,
  decision: Decision,
  config: DatastoresConfig,
  service: string,
): string[] {
  if (object.kind === 'Resource') {
    return target === decision.target
      ? []
      : [`the entity is in ${target}, not ${decision.target}`];
  }
  const problems: string[] = [];
  if (object.metadata?.labels?.[KUBERNETES_ID_LABEL] !== service) {
    problems.push(`${object.kind} lacks the ${KUBERNETES_ID_LABEL} label`);
  }
  if (object.kind === 'ExternalSecret') {
    if (decision.strategy !== 'managed')
      problems.push('ExternalSecret of a self-hosted datastore');
    try {
      new ExternalSecret(object).validate();
    } catch (error) {
      problems.push(String(error));
    }
    return problems;
  }
  return [...problems, ...xrds[config.crossplane.shape].problems(object)];
}

describe('renderDatastore, over random valid requests', () => {
  it('writes files that parse and validate, and labels every Kubernetes object', async () => {
    const started = Date.now();
    let tfFiles = 0;
    let rendered = 0;
    let valid = 0;
    // fc.assert, not a loop over fc.sample: a failing request is shrunk to a smallest one.
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(
          rawRequest,
          fc.constantFrom(
            ...(Object.keys(configs) as Array<keyof typeof configs>),
          ),
        ),
        async ([raw, configName]) => {
          const config = configs[configName];
          // The generator only makes valid requests; validation fills in the defaults.
          const request = validateDatastoreRequest(raw);
          valid++;
          const problems: string[] = [];
          const tf: Array<{ path: string; content: string }> = [];
          for (const environment of request.environments) {
            let decision: Decision;
            try {
              decision = decide({ ...request, environment }, config.policy);
            } catch {
              continue; // refused by the policy
            }
            const files = renderDatastore(request, decision, config);
            rendered++;
            expect(new Set(files.map(f => f.path)).size).toBe(files.length);
            const entities = [];
            for (const file of files) {
              if (file.path.endsWith('.tf')) {
                tf.push(file);
                continue;
              }
              const docs = parseAllDocuments(file.content, { version: '1.1' });
              for (const doc of docs) {
                const object = doc.toJS();
                problems.push(
                  ...doc.errors.map(e => `${file.path}: ${e.message}`),
                  ...objectProblems(
                    object,
                    file.target,
                    decision,
                    config,
                    request.service.name,
                  ).map(p => `${file.path}: ${p}`),
                );
                if (object.kind === 'Resource') entities.push(object);
              }
            }
            expect(entities).toHaveLength(1);
          }
          expect(problems).toEqual([]);
          // hcl2json (WASM) parses what Terraform would.
          for (const file of tf) {
            await expect(
              parseHcl(file.path, file.content),
            ).resolves.toBeDefined();
          }
          tfFiles += tf.length;
        },
      ),
      { numRuns: RUNS, seed: 42 },
    );
    // Enough of each kind of output was exercised.
    expect(valid).toBe(RUNS);
    expect(rendered).toBeGreaterThan(RUNS);
    expect(tfFiles).toBeGreaterThan(100);
    // eslint-disable-next-line no-console
    console.info(
      `${valid} valid requests, ${rendered} datastores rendered, ${tfFiles} .tf files parsed in ${
        Date.now() - started
      } ms`,
    );
  }, 60_000);
});
