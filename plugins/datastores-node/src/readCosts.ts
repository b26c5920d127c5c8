import { Config } from '@backstage/config';
import {
  PriceTable,
  parsePriceTable,
} from '@datastores/plugin-datastores-common';

/**
 * The price table of `datastores.costs` merged over the shipped one (`DEFAULT_PRICES`),
 * validated. Needs no other `datastores` key, so the decision preview shows estimates before
 * any repo is configured.
 * @public
 */
export function readCosts(config: Config): PriceTable {
  return parsePriceTable(config.getOptional('datastores.costs'));
}
