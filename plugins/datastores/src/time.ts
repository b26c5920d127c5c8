/** The units of a relative time, largest first, with their length in milliseconds. */
const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3_600_000],
  ['month', 30 * 24 * 3_600_000],
  ['week', 7 * 24 * 3_600_000],
  ['day', 24 * 3_600_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];

// The plugin's words are English: its relative times are too.
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** A parsed ISO 8601 time, or undefined when it is not one. */
export function parseTime(iso: string | undefined): Date | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** "3 minutes ago", "in 2 hours", "yesterday": how long ago `at` was, in whole units. */
export function relativeTime(at: Date, now: Date = new Date()): string {
  const diff = at.getTime() - now.getTime();
  const abs = Math.abs(diff);
  const [unit, ms] = UNITS.find(([, length]) => abs >= length) ?? [
    'second',
    1_000,
  ];
  // Whole units only ("3 minutes ago" until it is 4); `+ 0` turns -0 into 0.
  return relative.format(Math.sign(diff) * Math.floor(abs / ms) + 0, unit);
}

/** The exact time, with its zone, as the reader's locale writes it. */
export function absoluteTime(at: Date): string {
  return at.toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'long',
  });
}
