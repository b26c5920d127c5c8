import { Policy, ProviderCatalog } from '@datastores/plugin-datastores-common';
import { createChangeAction } from './actions/change';
import { DayTwoActionOptions } from './actions/dayTwo';
import { createDecideAction } from './actions/decide';
import { createDecommissionAction } from './actions/decommission';
import {
  createProvisionAction,
  ProvisionActionOptions,
} from './actions/provision';

/** The actions this module registers. */
export function createDatastoresActions(
  options: {
    policy: Policy;
    providers?: ProviderCatalog;
  } & ProvisionActionOptions &
    DayTwoActionOptions,
) {
  return [
    createDecideAction(options),
    createProvisionAction(options),
    createChangeAction(options),
    createDecommissionAction(options),
  ];
}
