/**
 * Node.js library of the datastores plugins, shared by the scaffolder module and the backend.
 *
 * @packageDocumentation
 */

export * from './targetPath';
export * from './readPolicy';
export * from './readCosts';
export * from './config';
export * from './render';
export * from './pullRequestText';
export * from './operationText';
export * from './github';
export * from './status';
export * from './provision';
export * from './schema';
export * from './providers';
