/**
 * Datastores frontend plugin: the entity card, the entity tab and the decision preview.
 *
 * @packageDocumentation
 */

export { datastoresPlugin } from './plugin';
