import { Decision } from '@datastores/plugin-datastores-common';

/** A decision as the `datastores:*` actions output it (JSON, for the template's next steps). */
export function decisionOutput(decision: Decision) {
  return {
    environment: decision.environment,
    strategy: decision.strategy,
    provider: decision.provider,
    target: decision.target,
    rule: decision.rule,
    rationale: decision.rationale,
    backup: { ...decision.backup },
  };
}
