import { InputError } from '@backstage/errors';

/**
 * A tiny HCL writer. Every string that reaches a `.tf` file goes through `hclString`, the one
 * quoting function; expressions are built from validated pieces only (`ref`, `call`), so no
 * user text can open an interpolation, a heredoc or a new block.
 */

/** A Terraform expression, built only by `ref` and `call`. @public */
export interface HclExpression {
  /** Writes the expression at the given indentation. */
  readonly hclExpression: (indent: string) => string;
}

/** @public */
export type HclValue =
  | string
  | number
  | boolean
  | HclExpression
  | readonly HclValue[]
  | { readonly [key: string]: HclValue | undefined };

/** @public */
export type HclItem =
  | { type: 'attribute'; name: string; value: HclValue }
  | { type: 'block'; blockType: string; labels: string[]; body: HclItem[] }
  | { type: 'comment'; text: string }
  | { type: 'blank' };

const IDENTIFIER = /^[a-zA-Z_][a-zA-Z0-9_-]*$/;
const TRAVERSAL =
  /^[a-zA-Z_][a-zA-Z0-9_-]*(\.[a-zA-Z_][a-zA-Z0-9_-]*|\[[0-9]+\])*$/;

function identifier(name: string, what: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new InputError(`Invalid HCL ${what} ${JSON.stringify(name)}`);
  }
  return name;
}

/**
 * Quotes a string for HCL: escapes `\`, `"` and control characters, and writes `${` and `%{`
 * as `$${` and `%%{`, so the result is always one literal string.
 * @public
 */
export function hclString(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const char = value[i];
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = value.charCodeAt(i + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        out += char + value[i + 1];
        i++;
        continue;
      }
      throw new InputError(
        'Cannot write a string with a lone UTF-16 surrogate to HCL',
      );
    }
    if (char === '\\') out += '\\\\';
    else if (char === '"') out += '\\"';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += char;
  }
  // Replacer functions: in a replacement string, `$$` would mean a single `$`.
  return `"${out.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{')}"`;
}

/** A reference such as `aws_db_instance.this.address`. @public */
export function ref(traversal: string): HclExpression {
  if (!TRAVERSAL.test(traversal)) {
    throw new InputError(`Invalid HCL reference ${JSON.stringify(traversal)}`);
  }
  return { hclExpression: () => traversal };
}

/** A function call such as `jsonencode({...})`; its arguments are values, quoted as such. @public */
export function call(fn: string, ...args: HclValue[]): HclExpression {
  const name = identifier(fn, 'function');
  return {
    hclExpression: indent =>
      `${name}(${args.map(arg => renderValue(arg, indent)).join(', ')})`,
  };
}

/** @public */
export function attr(name: string, value: HclValue | undefined): HclItem[] {
  return value === undefined ? [] : [{ type: 'attribute', name, value }];
}

/** @public */
export function block(
  blockType: string,
  labels: string[],
  body: HclItem[],
): HclItem {
  return { type: 'block', blockType, labels, body };
}

/** A comment; only for fixed text written by the renderers, on one line. @public */
export function comment(text: string): HclItem {
  if ([...text].some(c => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
    throw new InputError('HCL comments must be one line of plain text');
  }
  return { type: 'comment', text };
}

/** @public */
export const blank: HclItem = { type: 'blank' };

function isExpression(value: unknown): value is HclExpression {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as HclExpression).hclExpression === 'function'
  );
}

function renderKey(key: string): string {
  return IDENTIFIER.test(key) ? key : hclString(key);
}

function renderValue(value: HclValue, indent: string): string {
  if (typeof value === 'string') return hclString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new InputError(`Cannot write the number ${value} to HCL`);
    }
    return String(value);
  }
  if (isExpression(value)) return value.hclExpression(indent);
  if (Array.isArray(value)) {
    const items = (value as readonly HclValue[]).map(v =>
      renderValue(v, `${indent}  `),
    );
    if (items.every(item => !item.includes('\n'))) {
      return `[${items.join(', ')}]`;
    }
    return `[\n${items
      .map(item => `${indent}  ${item},\n`)
      .join('')}${indent}]`;
  }
  const entries = Object.entries(value as Record<string, HclValue>).filter(
    ([, v]) => v !== undefined,
  );
  if (entries.length === 0) return '{}';
  const lines = alignAttributes(
    entries.map(([key, v]) => [renderKey(key), renderValue(v, `${indent}  `)]),
    `${indent}  `,
  );
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** Aligns the `=` of consecutive one-line attributes, as `terraform fmt` does. */
function alignAttributes(
  pairs: Array<[string, string]>,
  indent: string,
): string[] {
  const lines: string[] = [];
  let group: Array<[string, string]> = [];
  const flush = () => {
    const width = Math.max(0, ...group.map(([key]) => key.length));
    for (const [key, value] of group) {
      lines.push(`${indent}${key.padEnd(width)} = ${value}`);
    }
    group = [];
  };
  for (const [key, value] of pairs) {
    if (value.includes('\n')) {
      flush();
      lines.push(`${indent}${key} = ${value}`);
    } else {
      group.push([key, value]);
    }
  }
  flush();
  return lines;
}

function renderBody(items: HclItem[], indent: string): string[] {
  const lines: string[] = [];
  let pending: Array<[string, string]> = [];
  const flush = () => {
    lines.push(...alignAttributes(pending, indent));
    pending = [];
  };
  for (const item of items) {
    if (item.type === 'attribute') {
      pending.push([
        identifier(item.name, 'attribute name'),
        renderValue(item.value, indent),
      ]);
      continue;
    }
    flush();
    if (item.type === 'blank') {
      lines.push('');
    } else if (item.type === 'comment') {
      lines.push(`${indent}# ${item.text}`);
    } else {
      const head = [
        identifier(item.blockType, 'block type'),
        ...item.labels.map(hclString),
      ].join(' ');
      if (item.body.length === 0) {
        lines.push(`${indent}${head} {}`);
      } else {
        lines.push(`${indent}${head} {`);
        lines.push(...renderBody(item.body, `${indent}  `));
        lines.push(`${indent}}`);
      }
    }
  }
  flush();
  return lines;
}

/**
 * Writes a Terraform file from its top-level items, blocks separated by a blank line.
 * @public
 */
export function renderHcl(items: HclItem[]): string {
  const parts = items.map(item => renderBody([item], '').join('\n'));
  const out: string[] = [];
  items.forEach((item, index) => {
    out.push(parts[index]);
    const next = items[index + 1];
    if (next === undefined) return;
    // A comment stays attached to the block after it; blocks are separated by a blank line.
    out.push(item.type === 'comment' ? '\n' : '\n\n');
  });
  return `${out.join('')}\n`;
}
