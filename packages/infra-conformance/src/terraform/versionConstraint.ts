/** Terraform's version constraint syntax (`>= 1.11.1, < 2.0`, `~> 1.11`), enough for checks. */
function parse(version: string): number[] {
  return version
    .split(/[.+-]/)
    .slice(0, 3)
    .map(n => Number.parseInt(n, 10) || 0);
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  }
  return 0;
}

/** Whether `version` satisfies every comma-separated part of `constraint`. */
export function satisfies(version: string, constraint: string): boolean {
  const v = parse(version);
  return constraint.split(',').every(part => {
    const match = /^\s*(>=|<=|~>|!=|>|<|=)?\s*v?([0-9][0-9.]*)\s*$/.exec(part);
    if (!match)
      throw new Error(`cannot read version constraint ${JSON.stringify(part)}`);
    const [, op = '=', raw] = match;
    const c = parse(raw);
    const cmp = compare(v, c);
    switch (op) {
      case '>=':
        return cmp >= 0;
      case '>':
        return cmp > 0;
      case '<=':
        return cmp <= 0;
      case '<':
        return cmp < 0;
      case '!=':
        return cmp !== 0;
      case '~>': {
        // ~> 1.11 allows 1.x >= 1.11; ~> 1.11.1 allows 1.11.x >= 1.11.1.
        const upper =
          raw.split('.').length <= 2 ? [c[0] + 1, 0, 0] : [c[0], c[1] + 1, 0];
        return cmp >= 0 && compare(v, upper) < 0;
      }
      default:
        return cmp === 0;
    }
  });
}
