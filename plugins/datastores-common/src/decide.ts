import { InputError } from '@backstage/errors';
import { BackupRequirements, backupRequirements } from './backup';
import {
  PROVIDER_FACTS,
  ProviderCatalog,
  backupGap,
  providersFor,
} from './providers';
import {
  CRITICALITY_LEVELS,
  Criticality,
  DATASTORE_ENGINES,
  DATASTORE_KINDS,
  DatastoreEngine,
  DatastoreKind,
  DatastoreRun,
  ENGINES_BY_KIND,
  ENVIRONMENTS,
  Environment,
  Target,
} from './model';
import { DEFAULT_POLICY, Policy, PolicyMatch, PolicyRule } from './policy';

/** What `decide` needs to know about one datastore in one environment. @public */
export interface DecisionInput {
  kind: DatastoreKind;
  engine?: DatastoreEngine;
  environment: Environment;
  criticality: Criticality;
}

/** How one datastore is run in one environment, and why. @public */
export interface Decision extends DatastoreRun {
  /** The repo the datastore itself is written to. */
  target: Target;
  backup: BackupRequirements;
  /**
   * The rule that matched and what it decided, in one line: "Rule 5 (otherwise-self-hosted): ...".
   * For pull request bodies, logs and action outputs.
   */
  rationale: string;
  /** The name of the rule that matched. */
  rule: string;
  /** The position of that rule in the policy, from 1 ("Rule 5"). */
  ruleNumber: number;
  /** Why the rule exists (its `reason`), without the rule's number and name; absent when it has none. */
  reason?: string;
}

function matches(when: PolicyMatch, input: Required<DecisionInput>): boolean {
  return (Object.keys(when) as (keyof PolicyMatch)[]).every(key => {
    const wanted = when[key];
    if (wanted === undefined) return true;
    return (Array.isArray(wanted) ? wanted : [wanted]).includes(
      input[key] as never,
    );
  });
}

function checkValue<T extends string>(
  field: string,
  allowed: readonly T[],
  value: unknown,
): T {
  if (
    typeof value === 'string' &&
    (allowed as readonly string[]).includes(value)
  ) {
    return value as T;
  }
  throw new InputError(
    `${field} must be one of ${allowed.join(', ')}; got ${
      JSON.stringify(value) ?? 'nothing'
    }`,
  );
}

function describeInput(input: Required<DecisionInput>): string {
  const article = input.criticality === 'ephemeral' ? 'an' : 'a';
  return `${article} ${input.criticality} ${input.engine} ${input.kind} in ${input.environment}`;
}

/**
 * Applies the policy (the default one unless given) to one datastore in one environment, with
 * the providers of the catalog (the built-in ones unless given). Throws an `InputError` when a
 * rule refuses the request or no rule covers it.
 * @public
 */
export function decide(
  input: DecisionInput,
  policy: Policy = DEFAULT_POLICY,
  providers: ProviderCatalog = PROVIDER_FACTS,
): Decision {
  const kind = checkValue('kind', DATASTORE_KINDS, input.kind);
  const engine =
    input.engine === undefined
      ? ENGINES_BY_KIND[kind][0]
      : checkValue('engine', DATASTORE_ENGINES, input.engine);
  if (!ENGINES_BY_KIND[kind].includes(engine)) {
    throw new InputError(
      `engine ${engine} cannot run a ${kind}; allowed for ${kind}: ${ENGINES_BY_KIND[
        kind
      ].join(', ')}`,
    );
  }
  const full: Required<DecisionInput> = {
    kind,
    engine,
    environment: checkValue('environment', ENVIRONMENTS, input.environment),
    criticality: checkValue(
      'criticality',
      CRITICALITY_LEVELS,
      input.criticality,
    ),
  };

  const index = policy.findIndex(rule => matches(rule.when, full));
  if (index < 0) {
    throw new InputError(
      `No policy rule covers ${describeInput(
        full,
      )}; ask your platform team to extend datastores.policy`,
    );
  }
  const rule: PolicyRule = policy[index];
  const label = `Rule ${index + 1} (${rule.name})`;
  if ('refuse' in rule.then) {
    throw new InputError(
      `Refused ${describeInput(full)}: ${rule.then.refuse} [${label}]`,
    );
  }

  const { strategy } = rule.then;
  const possible = providersFor(strategy, engine, providers);
  // A self-hosted engine has one operator; a managed one is the rule's choice.
  const provider =
    rule.then.provider ??
    (strategy === 'self-hosted' ? possible[0] : undefined);
  if (!provider || !possible.includes(provider)) {
    throw new InputError(
      `${label} chooses ${strategy}${
        provider ? ` on ${provider}` : ''
      } for ${describeInput(full)}, but ${
        possible.length
          ? `a ${strategy} ${engine} runs on ${possible.join(' or ')}`
          : `the product cannot run ${engine} as ${strategy}`
      }`,
    );
  }
  const backup = backupRequirements(full.criticality, full.environment);
  const cannot = backupGap(providers[provider], backup);
  if (cannot) {
    throw new InputError(
      `Refused ${describeInput(full)}: ${cannot} [${label}]`,
    );
  }
  const { target } = providers[provider];
  const why = rule.reason ? `: ${rule.reason}` : '';
  return {
    ...full,
    strategy,
    provider,
    target,
    backup,
    rationale: `${label}${why}. ${
      strategy === 'managed' ? 'Managed' : 'Self-hosted'
    } ${engine} on ${provider}, through the ${
      target === 'terraform' ? 'Terraform' : 'GitOps'
    } repo.`,
    rule: rule.name,
    ruleNumber: index + 1,
    ...(rule.reason ? { reason: rule.reason } : {}),
  };
}

/**
 * The decision for every environment of a validated request, in its order; throws the first
 * refusal as an `InputError`.
 * @public
 */
export function decideRequest(
  request: {
    kind: DecisionInput['kind'];
    engine?: DecisionInput['engine'];
    environments: readonly DecisionInput['environment'][];
    criticality: DecisionInput['criticality'];
  },
  policy: Policy = DEFAULT_POLICY,
  providers: ProviderCatalog = PROVIDER_FACTS,
): Decision[] {
  return request.environments.map(environment =>
    decide(
      {
        kind: request.kind,
        engine: request.engine,
        environment,
        criticality: request.criticality,
      },
      policy,
      providers,
    ),
  );
}

/** One environment the policy refuses, why, and how to get there anyway. @public */
export interface Refusal {
  environment: DecisionInput['environment'];
  /** The policy's words, with its rule. */
  reason: string;
  /** What the user can do. */
  hint: string;
}

const THROWAWAY: readonly DecisionInput['environment'][] = ['preview', 'dev'];

/** How to get a refused environment: leave it out, or ask for it as what it can hold. */
function hintFor(
  request: { criticality: DecisionInput['criticality'] },
  environment: DecisionInput['environment'],
  others: number,
): string {
  const leaveOut = others
    ? `Untick ${environment} to provision the other environments`
    : `Choose another environment`;
  if (request.criticality !== 'ephemeral' && THROWAWAY.includes(environment)) {
    return `${leaveOut}, or ask for ${environment} separately as ephemeral (recreated from fixtures).`;
  }
  return `${leaveOut}, or ask for ${environment} separately with another engine or criticality.`;
}

/**
 * Every environment's decision, or its refusal: unlike {@link decideRequest}, one refused
 * environment does not hide the others (what the form shows).
 * @public
 */
export function decideEach(
  request: Parameters<typeof decideRequest>[0],
  policy: Policy = DEFAULT_POLICY,
  providers: ProviderCatalog = PROVIDER_FACTS,
): { decisions: Decision[]; refusals: Refusal[] } {
  const decisions: Decision[] = [];
  const refusals: Refusal[] = [];
  for (const environment of request.environments) {
    try {
      decisions.push(
        decideRequest(
          { ...request, environments: [environment] },
          policy,
          providers,
        )[0],
      );
    } catch (error) {
      if ((error as Error).name !== 'InputError') throw error;
      refusals.push({
        environment,
        reason: (error as Error).message,
        hint: hintFor(request, environment, request.environments.length - 1),
      });
    }
  }
  return { decisions, refusals };
}
