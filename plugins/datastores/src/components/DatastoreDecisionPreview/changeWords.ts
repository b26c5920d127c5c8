import { ENVIRONMENT_NAMES, strategyText } from '../../labels';
import { DecideResult } from '../../api';
import { ChangeOutcome, CurrentDatastore } from './changeOutcome';
import { decisionSummary } from './validateDecision';

const names = (environments: string[]) =>
  environments
    .map(e => ENVIRONMENT_NAMES[e as keyof typeof ENVIRONMENT_NAMES] ?? e)
    .join(', ');

/** The datastore as it is: "Production: Managed on AWS RDS · Dev: … · medium · catastrophic". */
export function currentSummary(current: CurrentDatastore): string {
  return [
    ...current.environments.map(
      e => `${ENVIRONMENT_NAMES[e.environment]}: ${strategyText(e)}`,
    ),
    ...(current.size ? [current.size] : []),
    current.criticality,
  ].join(' · ');
}

/** What the change does, a sentence a line. */
export function outcomeLines(
  outcome: ChangeOutcome,
  current: CurrentDatastore,
): string[] {
  switch (outcome.mode) {
    case 'nothing':
      return [
        `Nothing changes yet: ${current.name} is already as answered. Change its size, environments or criticality.`,
      ];
    case 'replace':
      return [
        ...outcome.changed.map(
          c =>
            `${ENVIRONMENT_NAMES[c.environment]}: ${strategyText(
              c.from,
            )} becomes ${strategyText(c.to)}.`,
        ),
        `The strategy changes, so the pull request adds a new datastore, ${outcome.newName}, next to ${current.name}, with a migration checklist (copy the data, move the connection secret). ${current.name} stays as it is until you decommission it.`,
      ];
    default:
      return [
        `One pull request per repo edits the files of ${current.name}.`,
        ...(outcome.size
          ? [
              `Size: ${outcome.size.from ?? 'as recorded'} → ${
                outcome.size.to
              }.`,
            ]
          : []),
        ...(outcome.criticality
          ? [
              `Criticality: ${outcome.criticality.from} → ${outcome.criticality.to}.`,
            ]
          : []),
        ...(outcome.added.length ? [`Adds ${names(outcome.added)}.`] : []),
        ...(outcome.removed.length
          ? [
              `Removes ${names(
                outcome.removed,
              )}: its files are deleted, which only a datastore with no data to keep allows (an ephemeral database, a cache); otherwise use "Decommission datastore"${
                outcome.removed.includes('production')
                  ? '. Removing production needs the datastores.decommission permission'
                  : ''
              }.`,
            ]
          : []),
      ];
  }
}

/** The field's value, for the Review step: how it changes, then the decision. */
export function changeSummary(
  outcome: ChangeOutcome,
  result: DecideResult,
): string {
  switch (outcome.mode) {
    case 'nothing':
      return 'Nothing changes';
    case 'replace':
      return `New datastore ${outcome.newName}: ${decisionSummary(result)}`;
    default:
      return `In place: ${decisionSummary(result)}`;
  }
}
