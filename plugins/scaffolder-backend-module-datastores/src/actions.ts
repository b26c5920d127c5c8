import { Policy } from '@datastores/plugin-datastores-common';
import { createDecideAction } from './actions/decide';
import {
  createProvisionAction,
  ProvisionActionOptions,
} from './actions/provision';

/** The actions this module registers. */
export function createDatastoresActions(
  options: { policy: Policy } & ProvisionActionOptions,
) {
  return [createDecideAction(options), createProvisionAction(options)];
}
