import { Policy } from '@datastores/plugin-datastores-common';
import { createDecideAction } from './actions/decide';

/**
 * The actions this module registers. `datastores:provision` joins them with the pull-request
 * engine (see the package README).
 */
export function createDatastoresActions(options: { policy: Policy }) {
  return [createDecideAction(options)];
}
