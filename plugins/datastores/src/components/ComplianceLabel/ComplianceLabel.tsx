import { ReactElement } from 'react';
import { ComplianceResult } from '@datastores/plugin-datastores-common';
import { StatusLabel, StatusTone } from '../StatusLabel';

/** The words and tone of each grade against the policy. */
export const COMPLIANCE_STATES: Record<
  ComplianceResult['state'],
  { tone: StatusTone; text: string }
> = {
  complies: { tone: 'ok', text: 'Complies with the policy' },
  violates: { tone: 'error', text: 'Breaks the policy' },
  unknown: { tone: 'unknown', text: 'Compliance unknown' },
};

/**
 * A datastore's grade against the policy: why it is unknown, or what it breaks, is the tooltip
 * (unless the violations are listed beside it, as the tab does).
 */
export function ComplianceLabel(props: {
  policy: ComplianceResult;
  violationsListed?: boolean;
  /** Lets its words wrap, where a column is narrow (the fleet's). */
  wrap?: boolean;
}): ReactElement {
  const { policy, violationsListed, wrap } = props;
  const { tone, text } = COMPLIANCE_STATES[policy.state];
  let explanation: string | undefined;
  if (policy.state === 'unknown') explanation = policy.reason;
  if (policy.state === 'violates' && !violationsListed) {
    explanation = policy.violations.map(v => v.message).join('; ');
  }
  return (
    <StatusLabel
      tone={tone}
      text={text}
      explanation={explanation || undefined}
      wrap={wrap}
    />
  );
}
