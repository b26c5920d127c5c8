import { CrdRegistry } from '../kubernetes/crdRegistry';
import {
  gitopsRegistry,
  starterComposition,
} from '../conformance/gitopsRegistry';
import { runComposition } from './composition';
import { observedAs } from './observedStates';

/**
 * The Composition runner itself, on deliberately broken Compositions: what the real
 * function and Crossplane would refuse or never mark Ready, it refuses or never marks Ready.
 */
const registry: CrdRegistry = gitopsRegistry('xr');
const cacheXr = (service: string) => ({
  apiVersion: 'datastores.platform.io/v1alpha1',
  kind: 'CacheInstance',
  metadata: { name: `${service}-sessions-dev`, namespace: service },
  spec: {
    service,
    environment: 'dev',
    criticality: 'ephemeral',
    engine: 'dragonfly',
    size: 'small',
    connectionSecretName: `${service}-sessions-dev-app`,
    backup: { enabled: false },
  },
});
const withTemplate = (edit: (template: string) => string) => {
  const composition = structuredClone(
    starterComposition('xr', 'CacheInstance'),
  );
  const input = composition.spec.pipeline[0].input.inline;
  input.template = edit(input.template);
  return composition;
};
const healthyRun = (composition: any, xr: any) => {
  const first = runComposition(composition, { composite: xr });
  const resources = Object.fromEntries(
    Object.entries(first.composed).map(([name, d]) => [
      name,
      observedAs(d.resource, 'healthy'),
    ]),
  );
  return runComposition(composition, { composite: xr, resources });
};

describe('runComposition', () => {
  it('runs the starter as shipped: objects accepted, Ready once healthy', () => {
    const xr = cacheXr('on');
    const run = runComposition(starterComposition('xr', 'CacheInstance'), {
      composite: xr,
    });
    for (const { resource } of Object.values(run.composed))
      expect(registry.validate(resource)).toEqual([]);
    expect(
      healthyRun(starterComposition('xr', 'CacheInstance'), xr).ready,
    ).toBe(true);
  });

  it('an unquoted string turns the service "on" into a boolean the API server refuses', () => {
    const broken = withTemplate(t =>
      t.replaceAll('{{ $spec.service | quote }}', '{{ $spec.service }}'),
    );
    const run = runComposition(broken, { composite: cacheXr('on') });
    expect(registry.validate(run.composed.cache.resource)).toEqual([
      {
        path: '.metadata.labels.backstage.io/kubernetes-id',
        message: 'must be a string, got boolean true',
      },
    ]);
  });

  it('without its ready annotation a Dragonfly never becomes Ready (no Ready condition)', () => {
    const broken = withTemplate(t =>
      t.replace(
        '{{- if eq (($cache.status | default dict).phase | default "") "Ready" }}',
        '{{- if false }}',
      ),
    );
    expect(broken.spec.pipeline[0].input.inline.template).not.toEqual(
      starterComposition('xr', 'CacheInstance').spec.pipeline[0].input.inline
        .template,
    );
    const run = healthyRun(broken, cacheXr('orders'));
    expect(run.ready).toBe(false);
    expect(run.notReady).toEqual(['cache']);
  });

  it("reports Go's own error for a template that does not parse", () => {
    const broken = withTemplate(t => `${t}\n{{ if }}`);
    expect(() =>
      runComposition(broken, { composite: cacheXr('orders') }),
    ).toThrow(/cannot parse the provided templates/);
  });

  it('refuses a composed object without its composition-resource-name, as the function does', () => {
    const broken = withTemplate(t =>
      t.replace(
        'gotemplating.fn.crossplane.io/composition-resource-name: password',
        'example.com/x: "y"',
      ),
    );
    expect(() =>
      runComposition(broken, { composite: cacheXr('orders') }),
    ).toThrow(
      '"Password" template is missing required "gotemplating.fn.crossplane.io/composition-resource-name" annotation',
    );
  });

  it('fails a Redis that asks for backups, with the reason', () => {
    const xr = cacheXr('orders');
    xr.spec.engine = 'redis';
    (xr.spec as any).backup = {
      enabled: true,
      schedule: '0 3 * * *',
      retentionDays: 7,
      pitr: false,
    };
    expect(() =>
      runComposition(starterComposition('xr', 'CacheInstance'), {
        composite: xr,
      }),
    ).toThrow(
      /the OT-Container-Kit Redis operator takes no scheduled snapshots/,
    );
  });
});
