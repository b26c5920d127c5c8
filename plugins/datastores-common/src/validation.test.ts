import { InputError } from '@backstage/errors';
import {
  datastoreRequestProblems,
  parseRef,
  validateDatastoreRequest,
} from './validation';

const valid = {
  service: 'component:default/orders',
  name: 'main',
  kind: 'database',
  environments: ['production', 'preview'],
  criticality: 'catastrophic',
};

describe('validateDatastoreRequest', () => {
  it('fills in the defaults', () => {
    expect(validateDatastoreRequest(valid)).toEqual({
      service: { kind: 'component', namespace: 'default', name: 'orders' },
      name: 'main',
      kind: 'database',
      engine: 'postgres',
      environments: ['production', 'preview'],
      criticality: 'catastrophic',
      size: 'small',
      owner: undefined,
      namespace: 'orders',
      kubernetesId: 'orders',
    });
  });

  it('accepts a short service ref, an owner, a namespace, a size and an engine', () => {
    expect(
      validateDatastoreRequest({
        ...valid,
        service: 'orders',
        kind: 'cache',
        engine: 'redis',
        size: 'large',
        owner: 'group:shop-team',
        namespace: 'shop',
      }),
    ).toMatchObject({
      service: { kind: 'component', namespace: 'default', name: 'orders' },
      engine: 'redis',
      size: 'large',
      owner: { kind: 'group', namespace: 'default', name: 'shop-team' },
      namespace: 'shop',
    });
  });

  it('reports every wrong field at once', () => {
    expect(
      datastoreRequestProblems({
        service: 'orders',
        name: 'Main',
        kind: 'db',
      }).map(p => p.field),
    ).toEqual(['name', 'kind', 'environments', 'criticality']);
  });

  it('names the allowed values', () => {
    expect(() => validateDatastoreRequest({ ...valid, size: 'xl' })).toThrow(
      'size must be one of small, medium, large; got "xl"',
    );
    expect(() =>
      validateDatastoreRequest({ ...valid, environments: ['prod'] }),
    ).toThrow(
      'environments[0] must be one of production, staging, preview, dev; got "prod"',
    );
  });

  it('says why only datastores can be requested, for any other kind', () => {
    expect(() =>
      validateDatastoreRequest({ ...valid, kind: 'service' }),
    ).toThrow(
      'kind must be one of database, cache; got "service": application services are stateless; state lives in a database or a cache',
    );
    for (const kind of ['queue', 'Database', undefined, 42]) {
      expect(datastoreRequestProblems({ ...valid, kind })).toEqual([
        {
          field: 'kind',
          message: expect.stringMatching(
            /^kind must be one of database, cache; got .*: application services are stateless; state lives in a database or a cache$/,
          ),
        },
      ]);
    }
  });

  it('refuses an engine of the other kind', () => {
    expect(() =>
      validateDatastoreRequest({ ...valid, engine: 'dragonfly' }),
    ).toThrow(
      'engine dragonfly cannot run a database; allowed for database: postgres',
    );
  });

  it('refuses duplicate environments', () => {
    expect(() =>
      validateDatastoreRequest({ ...valid, environments: ['dev', 'dev'] }),
    ).toThrow('environments lists dev twice');
  });

  it('refuses names that are valid alone but too long together', () => {
    const longName = 'a'.repeat(30);
    expect(() =>
      validateDatastoreRequest({
        ...valid,
        service: `component:default/${'s'.repeat(20)}`,
        name: longName,
      }),
    ).toThrow(
      /service and name are too long together: ".*" is 62 characters; a database allows 50 \(CloudNativePG's webhook refuses Cluster names over 50 characters\)/,
    );
  });

  it.each([
    ['database', 50],
    ['cache', 52],
  ] as const)(
    'takes a %s base name up to the strictest limit of its targets (%i)',
    (kind, limit) => {
      // <service>-<name>-dev: service "s" + 2 hyphens + "dev" leave limit - 6 for the name.
      const request = (nameLength: number) => ({
        ...valid,
        service: 'component:default/s',
        kind,
        engine: undefined,
        environments: ['dev'],
        criticality: 'ephemeral',
        name: `n${'x'.repeat(nameLength - 1)}`,
      });
      expect(datastoreRequestProblems(request(limit - 6))).toEqual([]);
      expect(datastoreRequestProblems(request(limit - 5))).toEqual([
        expect.objectContaining({
          field: 'name',
          message: expect.stringContaining(`a ${kind} allows ${limit}`),
        }),
      ]);
    },
  );

  it('takes the kubernetes-id every object is labelled with, as a label value', () => {
    expect(
      validateDatastoreRequest({ ...valid, kubernetesId: 'Orders_API.v2' })
        .kubernetesId,
    ).toBe('Orders_API.v2');
    expect(
      datastoreRequestProblems({ ...valid, kubernetesId: 'on/off' }),
    ).toEqual([expect.objectContaining({ field: 'kubernetesId' })]);
    expect(
      datastoreRequestProblems({ ...valid, kubernetesId: 'x'.repeat(64) }),
    ).toEqual([expect.objectContaining({ field: 'kubernetesId' })]);
  });

  it('refuses a service that is not a component', () => {
    expect(() =>
      validateDatastoreRequest({
        ...valid,
        service: 'resource:default/orders',
      }),
    ).toThrow(
      'service must be an entity reference like component:default/orders',
    );
  });
});

describe('parseRef', () => {
  it.each([
    ['orders', { kind: 'component', namespace: 'default', name: 'orders' }],
    [
      'default/orders',
      { kind: 'component', namespace: 'default', name: 'orders' },
    ],
    [
      'Component:shop/orders',
      { kind: 'component', namespace: 'shop', name: 'orders' },
    ],
    ['a:b:c', undefined],
    ['a/b/c', undefined],
  ])('parses %s', (ref, parts) => {
    expect(parseRef(ref, 'component')).toEqual(parts);
  });
});

/**
 * Hostile input: every case must be refused with an InputError that names the field. What is
 * accepted is rendered through YAML and HCL quoting by the renderers, so this is the first of
 * two fences.
 */
const hostile: Array<[field: string, value: unknown]> = [
  ['name', '${jndi:ldap://x}'],
  ['name', '${var.secret}'],
  ['name', '%{ if true }x%{ endif }'],
  ['name', 'a"b'],
  ['name', "a'b"],
  ['name', 'a\\b'],
  ['name', 'a\nb'],
  ['name', 'a\r\nb'],
  ['name', 'main\n---\nkind: Secret'],
  ['name', '---'],
  ['name', '...'],
  ['name', '&anchor'],
  ['name', '*alias'],
  ['name', '!!python/object'],
  ['name', '<<: *x'],
  ['name', '../etc'],
  ['name', 'a/b'],
  ['name', 'mаin'], // Cyrillic "а"
  ['name', 'ｍain'], // full-width "m"
  ['name', 'main\u200b'], // zero-width space
  ['name', ''],
  ['name', ' '],
  ['name', 'a'.repeat(53)],
  ['name', 'Main'],
  ['name', '1main'],
  ['name', 'ma--in'],
  ['name', 'main-'],
  ['name', '-main'],
  ['name', 'ma_in'],
  ['name', 'ma.in'],
  ['name', 'EOT\n<<EOT'],
  ['name', 'x }\nresource "aws_iam_user" "y" {'],
  ['name', 42],
  ['name', null],
  ['name', ['main']],
  ['service', 'component:default/../orders'],
  ['service', 'component:default/Orders'],
  ['service', 'component:default/orders--api'],
  ['service', 'component:default/9orders'],
  ['service', 'component:DEFAULT/orders'],
  ['service', 'component:default/orders\n'],
  ['service', 'component:default/${x}'],
  ['service', { kind: 'component', name: 'orders' }],
  ['namespace', 'Shop'],
  ['namespace', 'shop/x'],
  ['namespace', 'a'.repeat(64)],
  ['namespace', 'shop\n---'],
  ['owner', 'group:default/team"x'],
  ['owner', 'component:default/orders'],
  ['owner', 'group:default/${x}'],
  ['kind', 'database\n'],
  ['kind', 'Database'],
  ['engine', 'postgres; drop'],
  ['environments', 'production'],
  ['environments', []],
  ['environments', ['production\n---']],
  ['criticality', 'CATASTROPHIC'],
  ['size', '../../large'],
];

describe('hostile input', () => {
  it('has a corpus of at least 40 cases', () => {
    expect(hostile.length).toBeGreaterThanOrEqual(40);
  });

  it.each(hostile)('refuses %s = %j, naming the field', (field, value) => {
    const request = { ...valid, [field]: value };
    let error: unknown;
    try {
      validateDatastoreRequest(request);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect(
      datastoreRequestProblems(request).map(p =>
        p.field.replace(/\[\d+\]$/, ''),
      ),
    ).toContain(field);
  });
});
