/**
 * Scaffolder module with the `datastores:*` actions.
 *
 * @packageDocumentation
 */

export { scaffolderDatastoresModule as default } from './module';
export { createDecideAction } from './actions/decide';
export {
  createProvisionAction,
  type NameOwnersReader,
  type ProvisionActionOptions,
  type RequestRecorder,
} from './actions/provision';
export {
  createNameOwnersReader,
  createRequestRecorder,
  type DatastoresBackendDeps,
} from './datastoresBackend';
