/**
 * Model, annotations and permissions shared by the datastores plugins. Browser-safe.
 *
 * @packageDocumentation
 */

export * from './model';
export * from './annotations';
export * from './permissions';
