/**
 * Local stand-ins for the external APIs the datastores plugins talk to, for tests and benchmarks.
 *
 * @packageDocumentation
 */

export * from './freePort';
export * from './github';
export * from './kubernetes';
export * from './neon';
