import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import {
  DatastoreLifecycle,
  datastoreLifecycle,
} from '@datastores/plugin-datastores-common';
import { absoluteTime } from '../../time';
import { LifecycleLabel } from './LifecycleLabel';
import { LifecycleStepper } from './LifecycleStepper';
import { lifecycleSummary } from './lifecycleWords';

const PR = 'https://github.com/acme/infra-terraform/pull/7';
const MERGED_AT = '2026-10-01T12:00:00Z';

/** Merged, then the apply workflow failed on the merge commit: ready is behind it. */
const applyFailed = datastoreLifecycle({
  strategy: 'managed',
  inCatalog: true,
  pullRequests: [
    {
      url: PR,
      target: 'terraform',
      state: 'merged',
      checks: 'success',
      mergedAt: MERGED_AT,
      apply: 'failure',
    },
  ],
  readiness: { state: 'declared' },
  secretSync: { status: 'pending' },
});

/** Self-hosted, in the catalog, but no cluster could say whether it was applied. */
const applyUnknown = datastoreLifecycle({
  strategy: 'self-hosted',
  inCatalog: true,
  pullRequests: [],
  readiness: { state: 'unknown', message: 'cluster prod-eu did not answer' },
  secretSync: { status: 'unknown' },
});

/** Its pull request is open, in review. */
const inReview = datastoreLifecycle({
  strategy: 'managed',
  inCatalog: false,
  pullRequests: [
    { url: PR, target: 'terraform', state: 'open', checks: 'pending' },
  ],
  readiness: { state: 'unknown' },
  secretSync: { status: 'pending' },
});

const ready = datastoreLifecycle({
  strategy: 'self-hosted',
  inCatalog: true,
  pullRequests: [],
  readiness: { state: 'ready', observedAt: MERGED_AT },
  secretSync: { status: 'not-applicable' },
});

/** The steps of the stepper named `name`: each list item's text. */
function steps(name: string) {
  const list = screen.getByRole('list', { name });
  return within(list).getAllByRole('listitem');
}

describe('LifecycleStepper', () => {
  it('shows the four steps in order, each with its status, time and evidence', async () => {
    await renderInTestApp(
      <LifecycleStepper lifecycle={applyFailed} label="Lifecycle of users" />,
    );
    const [requested, merged, applied, readyStep] = steps('Lifecycle of users');
    expect(within(requested).getByText('Requested')).toBeInTheDocument();
    expect(within(requested).getByText('Done')).toBeInTheDocument();
    expect(
      within(requested).getByText(`Pull requests: ${PR}.`),
    ).toBeInTheDocument();

    expect(within(merged).getByText('Merged')).toBeInTheDocument();
    expect(within(merged).getByText(/^Done/)).toBeInTheDocument();
    // Its time, relative, with the exact time on hover (the When component).
    const time = merged.querySelector('time')!;
    expect(time).toHaveAttribute('dateTime', MERGED_AT);
    expect(time).toHaveAttribute('title', absoluteTime(new Date(MERGED_AT)));
    expect(
      within(merged).getByText('Every pull request is merged.'),
    ).toBeInTheDocument();

    // Failed: red, its own icon, and why.
    expect(within(applied).getByText('Failed')).toBeInTheDocument();
    expect(
      within(applied).getByTestId('lifecycle-icon-failed'),
    ).toBeInTheDocument();
    expect(
      within(applied).getByText(
        'The apply workflow failed on the merge commit.',
      ),
    ).toBeInTheDocument();

    // Behind the failed step: pending, greyed, not done.
    expect(within(readyStep).getByText('Pending')).toBeInTheDocument();
    expect(
      within(readyStep).getByTestId('lifecycle-icon-pending'),
    ).toBeInTheDocument();
    expect(
      within(readyStep).queryByTestId('lifecycle-icon-done'),
    ).not.toBeInTheDocument();
  });

  it('shows an unobserved step as unknown, neither done nor pending', async () => {
    await renderInTestApp(<LifecycleStepper lifecycle={applyUnknown} />);
    const [, merged, applied, readyStep] = steps('Lifecycle');
    expect(within(merged).getByTestId('lifecycle-icon-done')).toBeVisible();
    expect(within(applied).getByText('Unknown')).toBeInTheDocument();
    expect(
      within(applied).getByTestId('lifecycle-icon-unknown'),
    ).toBeInTheDocument();
    expect(
      within(applied).queryByTestId('lifecycle-icon-pending'),
    ).not.toBeInTheDocument();
    expect(
      within(applied).getByText(
        'Not observed in the cluster yet: cluster prod-eu did not answer',
      ),
    ).toBeInTheDocument();
    expect(within(readyStep).getByText('Pending')).toBeInTheDocument();
  });

  it('shows the step awaited as in progress', async () => {
    await renderInTestApp(<LifecycleStepper lifecycle={inReview} />);
    const [, merged] = steps('Lifecycle');
    expect(within(merged).getByText('In progress')).toBeInTheDocument();
    expect(
      within(merged).getByTestId('lifecycle-icon-current'),
    ).toBeInTheDocument();
    expect(
      within(merged).getByText(`Waiting for ${PR} to be merged.`),
    ).toBeInTheDocument();
  });

  it('gives every status its own icon', async () => {
    const all: DatastoreLifecycle = {
      state: 'failed',
      steps: [
        { step: 'requested', status: 'done', evidence: 'a' },
        { step: 'merged', status: 'current', evidence: 'b' },
        { step: 'applied', status: 'failed', evidence: 'c' },
        { step: 'ready', status: 'unknown', evidence: 'd' },
      ],
    };
    await renderInTestApp(<LifecycleStepper lifecycle={all} />);
    const icons = steps('Lifecycle').map(
      item => item.querySelector('svg')!.innerHTML,
    );
    expect(new Set(icons).size).toBe(4);
  });

  it('in compact form, shows only the icons, each step in a sentence for its tooltip and screen readers', async () => {
    await renderInTestApp(
      <LifecycleStepper
        lifecycle={applyFailed}
        label="Lifecycle of users (Production)"
        compact
      />,
    );
    const list = screen.getByRole('list', {
      name: 'Lifecycle of users (Production): Failed at apply',
    });
    const buttons = within(list).getAllByRole('button');
    expect(buttons).toHaveLength(4);
    expect(
      within(list).getByText(
        'Applied: failed. The apply workflow failed on the merge commit.',
      ),
    ).toBeInTheDocument();
    expect(buttons[2]).toHaveAttribute(
      'title',
      'Applied: failed. The apply workflow failed on the merge commit.',
    );
    expect(
      within(buttons[2]).getByTestId('lifecycle-icon-failed'),
    ).toBeInTheDocument();
    expect(buttons[1].getAttribute('title')).toMatch(
      new RegExp(
        `^Merged: done, .+ \\(${absoluteTime(
          new Date(MERGED_AT),
        )}\\)\\. Every pull request is merged\\.$`,
      ),
    );
    // The step names are not shown, only said: the card has little room.
    expect(screen.queryByText('Requested')).not.toBeInTheDocument();
  });

  it('renders nothing without a lifecycle (an older backend)', async () => {
    const { container } = await renderInTestApp(
      <div data-testid="host">
        <LifecycleStepper />
        <LifecycleStepper compact />
      </div>,
    );
    expect(
      container.querySelector('[data-testid="host"]'),
    ).toBeEmptyDOMElement();
  });
});

describe('LifecycleLabel', () => {
  it('says where it stands: failed in red, unknown as unknown, ready only when observed', async () => {
    await renderInTestApp(
      <ul>
        <li data-testid="failed">
          <LifecycleLabel lifecycle={applyFailed} />
        </li>
        <li data-testid="unknown">
          <LifecycleLabel lifecycle={applyUnknown} />
        </li>
        <li data-testid="review">
          <LifecycleLabel lifecycle={inReview} />
        </li>
        <li data-testid="ready">
          <LifecycleLabel lifecycle={ready} />
        </li>
        <li data-testid="none">
          <LifecycleLabel />
        </li>
      </ul>,
    );
    const cell = (id: string) => screen.getByTestId(id);
    expect(cell('failed')).toHaveTextContent('Failed at apply');
    expect(
      within(cell('failed')).getByRole('img', { name: 'Error' }),
    ).toBeInTheDocument();
    expect(within(cell('failed')).getByRole('button')).toHaveAttribute(
      'title',
      'The apply workflow failed on the merge commit.',
    );
    expect(cell('unknown')).toHaveTextContent('Merged, apply unknown');
    expect(
      within(cell('unknown')).getByRole('img', { name: 'Status unknown' }),
    ).toBeInTheDocument();
    expect(cell('review')).toHaveTextContent('Requested, awaiting merge');
    expect(
      within(cell('review')).getByRole('img', { name: 'Pending' }),
    ).toBeInTheDocument();
    expect(cell('ready')).toHaveTextContent('Ready');
    expect(
      within(cell('ready')).getByRole('img', { name: 'OK' }),
    ).toBeInTheDocument();
    expect(cell('none')).toHaveTextContent('Unknown');
    expect(
      within(cell('none')).getByRole('img', { name: 'Status unknown' }),
    ).toBeInTheDocument();
  });
});

describe('lifecycleSummary', () => {
  it('never says more than was observed', () => {
    const nothing = datastoreLifecycle({
      strategy: 'self-hosted',
      inCatalog: false,
      pullRequests: [],
      readiness: { state: 'unknown' },
      secretSync: { status: 'unknown' },
    });
    expect(lifecycleSummary(nothing)).toMatchObject({
      standing: 'unknown',
      tone: 'unknown',
      text: 'Request unknown',
      explanation: 'No pull request is recorded.',
    });
    expect(lifecycleSummary(ready)).toMatchObject({
      standing: 'ready',
      tone: 'ok',
      text: 'Ready',
    });
  });
});
