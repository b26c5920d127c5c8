import { ResponseError } from '@backstage/errors';
import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { formatMonthlyCost } from '@datastores/plugin-datastores-common';
import { DecideResult, datastoresApiRef } from '../../api';
import { ENVIRONMENT_NAMES, strategyText } from '../../labels';
import {
  changeOutcome,
  createsManagedProduction,
  currentDatastore,
  readChangeInput,
} from './changeOutcome';
import { readDecideInput } from './readDecideInput';

/** The reason the backend gave, rather than the HTTP status line. */
export function reasonOf(error: Error): string {
  return ResponseError.is(error) ? error.cause.message : error.message;
}

/** What the caller is told when they may not provision what was decided. */
export const NOT_ALLOWED =
  'You may not provision a managed production datastore (permission datastores.provision.production): ask the platform team to provision it, or to grant you the permission.';

/**
 * The field's value: one line the Review step shows, e.g.
 * "Production: Managed on AWS RDS · Dev: Self-hosted on CloudNativePG · about $127/month in
 * total" (the total when the backend estimated one).
 */
export function decisionSummary(result: DecideResult): string {
  return [
    ...result.decisions.map(
      d => `${ENVIRONMENT_NAMES[d.environment]}: ${strategyText(d)}`,
    ),
    ...(result.refusals ?? []).map(
      r => `${ENVIRONMENT_NAMES[r.environment]}: refused`,
    ),
    ...(result.cost && result.decisions.length
      ? [
          `${formatMonthlyCost(
            result.cost.totalMonthly,
            result.cost.currency,
          )} in total`,
        ]
      : []),
  ].join(' · ');
}

/** The step's error for each refused environment: the policy's reason and what to do. */
export function refusalErrors(
  result: DecideResult,
  verb: 'provisioned' | 'changed' = 'provisioned',
): string[] {
  return (result.refusals ?? []).map(
    r => `This datastore cannot be ${verb} as asked: ${r.reason} ${r.hint}`,
  );
}

/**
 * "Change datastore"'s step: the datastore must exist, the change must change something, the
 * policy must take it, and a managed production datastore it creates must be the user's to
 * create (as `datastores:change` will check again).
 */
const validateChange: CustomFieldValidator<unknown> = async (
  _value,
  validation,
  context,
) => {
  const answers = context.formData as Record<string, unknown>;
  const api = context.apiHolder.get(datastoresApiRef);
  if (
    !api ||
    typeof answers.service !== 'string' ||
    typeof answers.name !== 'string'
  ) {
    return; // the required fields say what is missing
  }
  let result: DecideResult;
  let outcome: ReturnType<typeof changeOutcome>;
  try {
    const answer = await api.getEntityDatastores(answers.service);
    const current = currentDatastore(answer.datastores, answers.name);
    if (!current) {
      validation.addError(
        `${answers.service} has no datastore named ${answers.name}: check the name on the service's Datastores card.`,
      );
      return;
    }
    const read = readChangeInput(answers, current);
    if (!read.input) return;
    result = await api.decide(read.input);
    outcome = changeOutcome(
      current,
      read.input,
      result.decisions,
      typeof answers.newName === 'string' ? answers.newName : undefined,
    );
  } catch (error) {
    validation.addError(
      `This datastore cannot be changed as asked: ${reasonOf(error as Error)}`,
    );
    return;
  }
  for (const error of refusalErrors(result, 'changed')) {
    validation.addError(error);
  }
  if (outcome.mode === 'nothing') {
    validation.addError(
      `Nothing changes: ${answers.name} is already as answered. Change its size, environments or criticality.`,
    );
  }
  if (!result.allowed && createsManagedProduction(outcome, result.decisions)) {
    validation.addError(NOT_ALLOWED);
  }
};

/**
 * Blocks the step while the answers cannot be provisioned: the decision is asked again from
 * the answers as they are now (the preview may still be waiting for its debounce), and a
 * refusal, or a managed production datastore the user may not provision, is the step's error,
 * so Review and Create are never reached with a request the action would refuse.
 */
export const validateDecision: CustomFieldValidator<unknown> = async (
  value,
  validation,
  context,
) => {
  const options = context.uiSchema?.['ui:options'] as
    | { change?: boolean }
    | undefined;
  if (options?.change) {
    await validateChange(value, validation, context);
    return;
  }
  const read = readDecideInput(context.formData);
  if (!read.input) return; // the required fields say what is missing
  const api = context.apiHolder.get(datastoresApiRef);
  if (!api) return;
  let result: DecideResult;
  try {
    result = await api.decide(read.input);
  } catch (error) {
    validation.addError(
      `This datastore cannot be provisioned as asked: ${reasonOf(
        error as Error,
      )}`,
    );
    return;
  }
  for (const error of refusalErrors(result)) validation.addError(error);
  if (!result.allowed) validation.addError(NOT_ALLOWED);
};
