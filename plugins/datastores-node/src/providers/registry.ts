import { InputError } from '@backstage/errors';
import {
  PROVIDER_ID_PATTERN,
  Provider,
  ProviderCatalog,
  Strategy,
} from '@datastores/plugin-datastores-common';
import { BUILT_IN_PROVIDERS } from './builtIn';
import { DatastoreProvider } from './types';

/**
 * The providers installed: the built-in ones, then those provider modules registered, in
 * their order (a policy rule without a provider takes the first that fits).
 * @public
 */
export class DatastoreProviders {
  /** The built-in providers and the given ones; an id taken twice, or malformed, throws. */
  static create(added: readonly DatastoreProvider[] = []): DatastoreProviders {
    return new DatastoreProviders([...BUILT_IN_PROVIDERS, ...added]);
  }

  readonly #byId = new Map<Provider, DatastoreProvider>();
  /** Every provider's facts, by id: what `decide` and `parsePolicy` take. */
  readonly catalog: ProviderCatalog;

  private constructor(providers: readonly DatastoreProvider[]) {
    for (const provider of providers) {
      if (!PROVIDER_ID_PATTERN.test(provider.id)) {
        throw new Error(
          `A datastore provider's id must be lowercase words joined by hyphens; got ${JSON.stringify(
            provider.id,
          )}`,
        );
      }
      if (this.#byId.has(provider.id)) {
        throw new Error(
          `The datastore provider ${provider.id} is registered twice`,
        );
      }
      this.#byId.set(provider.id, provider);
    }
    this.catalog = Object.freeze(
      Object.fromEntries([...this.#byId].map(([id, p]) => [id, p.facts])),
    );
  }

  /** The ids, in order; of one strategy when given. */
  ids(strategy?: Strategy): Provider[] {
    return [...this.#byId.values()]
      .filter(p => !strategy || p.facts.strategy === strategy)
      .map(p => p.id);
  }

  /** The provider of an id, if it is installed. */
  find(id: Provider): DatastoreProvider | undefined {
    return this.#byId.get(id);
  }

  /** The providers that read a live state of the given source. */
  withLive(source: 'kubernetes' | 'cloud'): DatastoreProvider[] {
    return [...this.#byId.values()].filter(p => p[source]);
  }

  /** The provider of an id; an `InputError` naming those installed when there is none. */
  get(id: Provider): DatastoreProvider {
    const provider = this.#byId.get(id);
    if (!provider) {
      throw new InputError(
        `No datastore provider ${JSON.stringify(
          id,
        )} is installed; installed: ${this.ids().join(', ')}`,
      );
    }
    return provider;
  }
}
