/**
 * The datastores backend plugin.
 *
 * @packageDocumentation
 */

export { datastoresPlugin as default } from './plugin';
