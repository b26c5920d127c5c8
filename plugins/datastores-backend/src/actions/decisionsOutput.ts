import { z as zod } from 'zod/v3';

/**
 * The decisions an action answers, one per decided environment. Described rather than typed
 * field by field: `Decision` (in `-common`) is the one definition of its shape.
 */
export const decisionsOutput = (z: typeof zod) =>
  z
    .array(z.unknown())
    .describe(
      'Per decided environment: kind, engine, environment, criticality, strategy, provider, target, backup requirements, rationale (the rule that matched)',
    );
