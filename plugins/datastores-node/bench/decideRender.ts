/*
 * Benchmark: validate + decide + render, per provisioning request.
 *
 *   yarn workspace @datastores/plugin-datastores-node bench:render
 *
 * For each scenario it runs the whole pure path a `datastores:provision` call takes before any
 * I/O (validateDatastoreRequest, decide for each environment, renderDatastores) many times and
 * prints the median and 95th percentile per request. Pure CPU: no network, no disk.
 */
import { ConfigReader } from '@backstage/config';
import {
  decideRequest,
  validateDatastoreRequest,
} from '@datastores/plugin-datastores-common';
import { readDatastoresConfig, renderDatastores } from '../src';

const config = readDatastoresConfig(
  new ConfigReader({
    datastores: {
      targets: {
        terraform: {
          repoUrl: 'https://github.com/acme/infra-terraform',
          path: 'datastores/{environment}/{service}-{name}',
        },
        gitops: {
          repoUrl: 'https://github.com/acme/infra-gitops',
          path: 'apps/{namespace}/{environment}',
        },
      },
      environments: {
        production: {
          aws: {
            region: 'eu-west-1',
            dbSubnetGroupName: 'prod-databases',
            vpcSecurityGroupIds: ['sg-0123456789abcdef0'],
          },
        },
        staging: {
          aws: {
            region: 'eu-west-1',
            dbSubnetGroupName: 'staging-databases',
            vpcSecurityGroupIds: ['sg-0123456789abcdef0'],
          },
        },
      },
    },
  }),
);

const scenarios: Array<[string, object]> = [
  [
    'managed Postgres, production + staging (RDS)',
    {
      kind: 'database',
      environments: ['production', 'staging'],
      criticality: 'catastrophic',
    },
  ],
  [
    'self-hosted Postgres, preview + dev (CloudNativePG)',
    {
      kind: 'database',
      environments: ['preview', 'dev'],
      criticality: 'ephemeral',
    },
  ],
  [
    'cache in every environment (Dragonfly)',
    {
      kind: 'cache',
      environments: ['production', 'staging', 'preview', 'dev'],
      criticality: 'reconstructable',
    },
  ],
];

function once(raw: object) {
  const request = validateDatastoreRequest({
    service: 'component:default/orders',
    name: 'main',
    owner: 'group:default/shop-team',
    ...raw,
  });
  const decisions = decideRequest(request, config.policy);
  return renderDatastores(request, decisions, config);
}

const RUNS = Number(process.env.BENCH_RUNS ?? 2000);
const WARMUP = 200;

const rows = scenarios.map(([name, raw]) => {
  let files = 0;
  for (let i = 0; i < WARMUP; i++) files = once(raw).length;
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    once(raw);
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) =>
    samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  return { name, files, median: at(0.5), p95: at(0.95) };
});

/* eslint-disable no-console */
console.log(
  `decide + render per request, ${RUNS} runs each (node ${process.version})\n`,
);
console.log('| scenario | files | median (µs) | p95 (µs) |');
console.log('|---|---:|---:|---:|');
for (const row of rows) {
  console.log(
    `| ${row.name} | ${row.files} | ${row.median.toFixed(
      0,
    )} | ${row.p95.toFixed(0)} |`,
  );
}
