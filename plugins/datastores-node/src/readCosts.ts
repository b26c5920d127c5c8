import { Config } from '@backstage/config';
import {
  DEFAULT_PRICES,
  PriceTable,
  parsePriceTable,
} from '@datastores/plugin-datastores-common';
import { DatastoreProviders } from './providers/registry';

/**
 * The price table of `datastores.costs` merged over the shipped one (`DEFAULT_PRICES`),
 * validated. Needs no other `datastores` key, so the decision preview shows estimates before
 * any repo is configured. Prices may be given for every installed provider.
 * @public
 */
export function readCosts(
  config: Config,
  providers: DatastoreProviders = DatastoreProviders.create(),
): PriceTable {
  return parsePriceTable(
    config.getOptional('datastores.costs'),
    'datastores.costs',
    DEFAULT_PRICES,
    providers.ids(),
  );
}
