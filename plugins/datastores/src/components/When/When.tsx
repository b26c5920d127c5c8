import { ReactElement } from 'react';
import { absoluteTime, parseTime, relativeTime } from '../../time';

/**
 * A time as people read it ("3 minutes ago"), with the exact time in its `title` (the tooltip
 * on hover) and in `dateTime`. Text that is not a time is shown as it is.
 */
export function When(props: { at?: string }): ReactElement | null {
  const { at } = props;
  if (!at) return null;
  const date = parseTime(at);
  if (!date) return <>{at}</>;
  return (
    <time dateTime={at} title={absoluteTime(date)}>
      {relativeTime(date)}
    </time>
  );
}
