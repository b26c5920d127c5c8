import { InputError } from '@backstage/errors';
import { renderTargetPath } from './targetPath';

const values = {
  environment: 'production',
  service: 'orders',
  name: 'main',
  namespace: 'shop',
};

describe('renderTargetPath', () => {
  it('fills every placeholder', () => {
    expect(
      renderTargetPath(
        'envs/{environment}/{namespace}/{service}-{name}',
        values,
      ),
    ).toBe('envs/production/shop/orders-main');
  });

  it('normalises repeated and trailing slashes', () => {
    expect(renderTargetPath('stacks//{environment}/', values)).toBe(
      'stacks/production',
    );
  });

  it('names the allowed placeholders when one is unknown', () => {
    expect(() => renderTargetPath('envs/{env}', values)).toThrow(
      'Unknown placeholder {env} in target path "envs/{env}"; allowed: {environment}, {service}, {name}, {namespace}',
    );
  });

  it.each(['../secrets', '/etc/{name}', 'a/./{name}'])(
    'refuses a path that could leave the repository: %s',
    template => {
      expect(() => renderTargetPath(template, values)).toThrow(InputError);
    },
  );

  it('refuses a value that is not a single path segment', () => {
    expect(() =>
      renderTargetPath('envs/{name}', { ...values, name: '../x' }),
    ).toThrow(
      'Target path value "name" must be a single lower-case path segment',
    );
  });
});
