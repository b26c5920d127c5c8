import {
  DatastoreEngine,
  Provider,
  Strategy,
} from '@datastores/plugin-datastores-common';
import { ENGINE_NAMES, providerName, STRATEGY_NAMES } from './labels';

/** What a decision's words are made of: what the preview's decisions and the tab's datastores both carry. */
export interface DecisionFacts {
  strategy: Strategy;
  engine: DatastoreEngine;
  provider: Provider;
  /** Why the rule exists, in the policy's words. */
  reason?: string;
  rule?: string;
  ruleNumber?: number;
}

/** A clause as a sentence: capitalised, ending in a full stop. */
function sentence(text: string): string {
  const trimmed = text.trim();
  const capitalised = trimmed.charAt(0).toLocaleUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/**
 * Why a datastore runs as it does, in people's words and display names, built from the
 * decision's fields rather than from its rationale (which leads with the rule's id): e.g.
 * "The data can be rebuilt or recreated, so it is self-hosted through Crossplane. Self-hosted
 * PostgreSQL on CloudNativePG, through the GitOps repo."
 */
export function decisionReason(d: DecisionFacts): string {
  // The strategy decides the repo: managed through Terraform, self-hosted through GitOps.
  const repo =
    d.strategy === 'managed' ? 'the Terraform repo' : 'the GitOps repo';
  const engine = ENGINE_NAMES[d.engine] ?? d.engine;
  const provider = providerName(d);
  // "Self-hosted Dragonfly", not "Self-hosted Dragonfly on Dragonfly".
  const on = provider === engine ? '' : ` on ${provider}`;
  const what = `${STRATEGY_NAMES[d.strategy]} ${engine}${on}, through ${repo}.`;
  return d.reason ? `${sentence(d.reason)} ${what}` : what;
}

/** The rule that decided, for those who look it up in the policy: "Rule 5 · otherwise-self-hosted". */
export function decisionRule(
  d: Pick<DecisionFacts, 'rule' | 'ruleNumber'>,
): string {
  return [d.ruleNumber ? `Rule ${d.ruleNumber}` : undefined, d.rule]
    .filter(Boolean)
    .join(' · ');
}
