import { readDecideInput } from './readDecideInput';

describe('readDecideInput', () => {
  it('reads the answers the decision needs, environments in order of preciousness', () => {
    expect(
      readDecideInput({
        service: 'component:default/orders',
        name: 'users',
        kind: 'database',
        engine: 'postgres',
        environments: ['dev', 'production'],
        criticality: 'catastrophic',
      }),
    ).toEqual({
      input: {
        kind: 'database',
        engine: 'postgres',
        environments: ['production', 'dev'],
        criticality: 'catastrophic',
      },
    });
  });

  it('leaves the engine to the backend when none is chosen', () => {
    expect(
      readDecideInput({
        kind: 'cache',
        environments: ['dev'],
        criticality: 'reconstructable',
      }).input,
    ).toEqual({
      kind: 'cache',
      environments: ['dev'],
      criticality: 'reconstructable',
    });
  });

  it('passes the size, for the cost estimate, when it is one', () => {
    const answers = {
      kind: 'database',
      environments: ['staging'],
      criticality: 'reconstructable',
    };
    expect(readDecideInput({ ...answers, size: 'large' }).input?.size).toBe(
      'large',
    );
    // Not a size: the backend estimates at its default (small); the form explains the value.
    expect(
      readDecideInput({ ...answers, size: 'huge' }).input,
    ).not.toHaveProperty('size');
  });

  it('says what is still missing', () => {
    expect(readDecideInput(undefined)).toEqual({
      missing: ['the kind', 'at least one environment', 'the data criticality'],
    });
    expect(
      readDecideInput({ kind: 'database', environments: [] }).missing,
    ).toEqual(['at least one environment', 'the data criticality']);
  });

  it('treats values outside the vocabulary as missing', () => {
    expect(
      readDecideInput({
        kind: 'queue',
        environments: ['moon'],
        criticality: 'meh',
      }).missing,
    ).toEqual(['the kind', 'at least one environment', 'the data criticality']);
  });
});
