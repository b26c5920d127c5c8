import { KUBERNETES_ID_LABEL } from '@datastores/plugin-datastores-common';
import { runComposition } from '../crossplane/composition';
import {
  hasOwnHealth,
  observedAs,
  redisStatefulSet,
} from '../crossplane/observedStates';
import { controllerProblems } from '../kubernetes/controllerRules';
import {
  gitopsRegistry,
  readYaml11,
  starterComposition,
} from './gitopsRegistry';
import { requestMatrix } from './requestMatrix';

/**
 * What the GitOps repo receives, against the real world: every rendered object (XR, claim,
 * ExternalSecret) read as YAML 1.1 and validated strictly against its real CRD or the
 * starter's XRD; then every XR run through the starter's Composition with the real template
 * engine, every composed object validated against its CRD and the controllers' rules, and
 * the composite's readiness computed as Crossplane does, healthy and failing.
 */
const cases = requestMatrix();
const registries = { xr: gitopsRegistry('xr'), claim: gitopsRegistry('claim') };

type Rendered = { label: string; shape: 'xr' | 'claim'; object: any };
const rendered: Rendered[] = cases.flatMap(c =>
  c.files
    .filter(f => f.target === 'gitops' && !f.entityRef)
    .flatMap(f =>
      readYaml11(f.content).map(object => ({
        label: `${c.label}: ${f.path}`,
        shape: c.config.crossplane.shape,
        object,
      })),
    ),
);
const composites = new Map<string, Rendered>();
for (const r of rendered) {
  if (r.object.kind !== 'ExternalSecret')
    composites.set(JSON.stringify([r.shape, r.object]), r);
}

/** The composite Crossplane reconciles for a rendered object: the XR, or the claim's XR. */
function compositeOf({ shape, object }: Rendered) {
  if (shape === 'xr') return object;
  return {
    apiVersion: object.apiVersion,
    kind: `X${object.kind}`,
    metadata: {
      name: `${object.metadata.name}-x7k2p`,
      labels: {
        'crossplane.io/claim-name': object.metadata.name,
        'crossplane.io/claim-namespace': object.metadata.namespace,
      },
    },
    spec: object.spec,
  };
}

describe('rendered GitOps objects against the real schemas', () => {
  it('covers the matrix', () => {
    expect(cases.length).toBeGreaterThan(150);
    expect(composites.size).toBeGreaterThan(100);
    const kinds = new Set(
      rendered.map(
        r => `${r.shape} ${r.object.kind} ${r.object.spec?.engine ?? ''}`,
      ),
    );
    expect([...kinds].sort()).toEqual([
      'claim CacheInstance dragonfly',
      'claim CacheInstance redis',
      'claim ExternalSecret ',
      'claim PostgresInstance postgres',
      'xr CacheInstance dragonfly',
      'xr CacheInstance redis',
      'xr ExternalSecret ',
      'xr PostgresInstance postgres',
    ]);
  });

  it('every rendered object is accepted by the API server (strict field validation)', () => {
    const problems = rendered.flatMap(r =>
      registries[r.shape]
        .validate(r.object)
        .map(p => `${r.label}: ${p.path} ${p.message}`),
    );
    expect(problems).toEqual([]);
  });

  it('every composite composes objects the API server and the controllers accept', () => {
    const problems: string[] = [];
    for (const r of composites.values()) {
      const composite = compositeOf(r);
      const composition = starterComposition(r.shape, r.object.kind);
      const run = runComposition(composition, { composite });
      const names = Object.keys(run.composed);
      if (names.length === 0) problems.push(`${r.label}: composed nothing`);
      for (const [name, { resource }] of Object.entries(run.composed)) {
        const at = `${r.label}: ${name} (${resource.kind})`;
        for (const p of registries[r.shape].validate(resource))
          problems.push(`${at}: ${p.path} ${p.message}`);
        for (const p of controllerProblems(resource))
          problems.push(`${at}: ${p}`);
        if (
          resource.metadata.labels?.[KUBERNETES_ID_LABEL] !==
          r.object.spec.service
        ) {
          problems.push(
            `${at}: no ${KUBERNETES_ID_LABEL} label of the service`,
          );
        }
        if (resource.metadata.namespace !== r.object.metadata.namespace) {
          problems.push(
            `${at}: namespace ${resource.metadata.namespace}, not the service's ${r.object.metadata.namespace}`,
          );
        }
      }
      if (run.ready)
        problems.push(`${r.label}: Ready before anything was observed`);
    }
    expect(problems).toEqual([]);
  });
});

describe('backups, as the XR asks for them', () => {
  it('every composite with backups gets its schedule and retention, none without', () => {
    const problems: string[] = [];
    for (const r of composites.values()) {
      const { backup, engine } = r.object.spec;
      const run = runComposition(starterComposition(r.shape, r.object.kind), {
        composite: compositeOf(r),
      });
      const spec = (name: string) => run.composed[name]?.resource.spec;
      const expectEqual = (
        what: string,
        actual: unknown,
        expected: unknown,
      ) => {
        if (JSON.stringify(actual) !== JSON.stringify(expected)) {
          problems.push(
            `${r.label}: ${what} is ${JSON.stringify(
              actual,
            )}, expected ${JSON.stringify(expected)}`,
          );
        }
      };
      if (engine === 'postgres') {
        expectEqual(
          'ScheduledBackup schedule',
          spec('scheduled-backup')?.schedule,
          backup.enabled ? `0 ${backup.schedule}` : undefined,
        );
        expectEqual(
          'ObjectStore retention',
          spec('object-store')?.retentionPolicy,
          backup.enabled ? `${backup.retentionDays}d` : undefined,
        );
        expectEqual(
          'WAL archiving',
          spec('cluster').plugins?.[0]?.isWALArchiver,
          backup.enabled ? true : undefined,
        );
      } else if (engine === 'dragonfly') {
        expectEqual(
          'snapshot schedule',
          spec('cache').snapshot?.cron,
          backup.enabled ? backup.schedule : undefined,
        );
      } else if (backup.enabled) {
        problems.push(
          `${r.label}: a Redis with backups was rendered, which the operator cannot take`,
        );
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('readiness of the composites, as Crossplane computes it', () => {
  // One composite per shape, kind, engine and backup setting: readiness depends on nothing else.
  const representatives = new Map<string, Rendered>();
  for (const r of composites.values()) {
    const key = `${r.shape} ${r.object.kind} ${r.object.spec.engine} backups=${r.object.spec.backup.enabled}`;
    if (!representatives.has(key)) representatives.set(key, r);
  }

  const observe = (r: Rendered, unhealthy?: string, missing?: string) => {
    const composite = compositeOf(r);
    const composition = starterComposition(r.shape, r.object.kind);
    const first = runComposition(composition, { composite });
    const resources: Record<string, any> = {};
    for (const [name, { resource }] of Object.entries(first.composed)) {
      if (name === missing) continue;
      resources[name] = observedAs(
        resource,
        name === unhealthy ? 'unhealthy' : 'healthy',
      );
    }
    const extraResources: Record<string, any[]> = {};
    for (const [key, req] of Object.entries(first.requirements)) {
      const ready = unhealthy === 'cache' ? 0 : 1;
      extraResources[key] =
        missing === 'statefulset'
          ? []
          : [
              redisStatefulSet(
                String(req.matchName),
                String(req.namespace),
                ready,
              ),
            ];
    }
    return {
      first,
      resources,
      run: runComposition(composition, {
        composite,
        resources,
        extraResources,
      }),
    };
  };

  it('has every combination to check', () => {
    expect([...representatives.keys()].sort()).toEqual([
      'claim CacheInstance dragonfly backups=false',
      'claim CacheInstance dragonfly backups=true',
      'claim CacheInstance redis backups=false',
      'claim PostgresInstance postgres backups=false',
      'claim PostgresInstance postgres backups=true',
      'xr CacheInstance dragonfly backups=false',
      'xr CacheInstance dragonfly backups=true',
      'xr CacheInstance redis backups=false',
      'xr PostgresInstance postgres backups=false',
      'xr PostgresInstance postgres backups=true',
    ]);
  });

  it.each([...representatives.entries()])(
    '%s: Ready once every composed object is healthy',
    (_key, r) => {
      const { resources, run } = observe(r);
      for (const [name, observed] of Object.entries(resources)) {
        expect({
          name,
          problems: registries[r.shape].validate(observed),
        }).toEqual({ name, problems: [] });
      }
      expect(run.notReady).toEqual([]);
      expect(run.ready).toBe(true);
    },
  );

  it.each([...representatives.entries()])(
    '%s: not Ready while any composed object is missing or failing',
    (_key, r) => {
      const { first } = observe(r);
      const scenarios: Array<{
        scenario: string;
        notReady: string[];
        expected: string[];
      }> = [];
      for (const [name, { resource }] of Object.entries(first.composed)) {
        scenarios.push({
          scenario: `${name} missing`,
          notReady: observe(r, undefined, name).run.notReady,
          expected: [name],
        });
        // Kinds without a status of their own can only be missing, not failing.
        if (hasOwnHealth(resource)) {
          scenarios.push({
            scenario: `${name} failing`,
            notReady: observe(r, name).run.notReady,
            expected: [name],
          });
        }
      }
      if (r.object.spec.engine === 'redis') {
        scenarios.push({
          scenario: 'Redis pods not ready',
          notReady: observe(r, 'cache').run.notReady,
          expected: ['cache'],
        });
        scenarios.push({
          scenario: 'Redis StatefulSet missing',
          notReady: observe(r, undefined, 'statefulset').run.notReady,
          expected: ['cache'],
        });
      }
      expect(scenarios.length).toBeGreaterThan(1);
      expect(scenarios.map(s => ({ ...s, notReady: s.expected }))).toEqual(
        scenarios,
      );
    },
  );
});
