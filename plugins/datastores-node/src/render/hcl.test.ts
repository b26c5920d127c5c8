import { parse } from '@cdktn/hcl2json';
import fc from 'fast-check';
import { attr, block, call, hclString, ref, renderHcl } from './hcl';

/**
 * How hcl2json prints a literal string: in Terraform's JSON form (`${` as `$${`), and in
 * Unicode NFC, as HCL normalises string literals.
 */
const asJsonTemplate = (s: string) =>
  s
    .normalize('NFC')
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{');

describe('hclString', () => {
  it('escapes quotes, backslashes and control characters', () => {
    expect(hclString('a"b\\c\nd\te\u0001')).toBe('"a\\"b\\\\c\\nd\\te\\u0001"');
  });

  it('neutralises interpolations and directives', () => {
    expect(hclString('${var.x} %{ if true }')).toBe(
      '"$${var.x} %%{ if true }"',
    );
    expect(hclString('$${x}')).toBe('"$$${x}"');
  });

  it('refuses lone surrogates', () => {
    expect(() => hclString('\ud800')).toThrow('surrogate');
  });

  // hcl2json prints an interpolation as `${...}` and a literal `${` as `$${`, so equality
  // with the escaped form proves the value stayed one literal.
  it('keeps any string one literal: it parses back to itself', async () => {
    const hostile = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc
        .array(
          fc.constantFrom(
            '${',
            '%{',
            '}',
            '"',
            '\\',
            '\n',
            '<<EOT',
            'EOT',
            '$',
            '%',
            '{',
            'var.x',
            '#',
            '//',
            '/*',
            '\r',
            '\u0000',
            '\u2028',
            'é',
          ),
        )
        .map(parts => parts.join('')),
    );
    // fc.assert, not a loop over fc.sample: a failing value is shrunk to a smallest one.
    await fc.assert(
      fc.asyncProperty(hostile, async value => {
        const content = renderHcl([
          block(
            'resource',
            ['a', value],
            [...attr('x', value), ...attr('m', { [value]: value })],
          ),
        ]);
        const parsed: any = await parse('main.tf', content);
        const labelled = parsed.resource.a;
        // Block labels are plain literals (no templates): they parse back exactly.
        expect(Object.keys(labelled)).toEqual([value]);
        const body = labelled[value][0];
        expect(body.x).toBe(asJsonTemplate(value));
        expect(body.m).toEqual({
          [asJsonTemplate(value)]: asJsonTemplate(value),
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('renderHcl', () => {
  it('writes blocks, aligned attributes, lists, objects and expressions', () => {
    expect(
      renderHcl([
        block(
          'resource',
          ['aws_db_instance', 'this'],
          [
            ...attr('identifier', 'orders'),
            ...attr('multi_az', true),
            ...attr('backup_retention_period', 7),
            ...attr('ids', ['sg-1', 'sg-2']),
            ...attr('skipped', undefined),
            ...attr('tags', { Service: 'orders', 'a/b': 'c' }),
            ...attr('secret', call('jsonencode', { host: ref('a.b.c') })),
          ],
        ),
      ]),
    ).toBe(
      `resource "aws_db_instance" "this" {
  identifier              = "orders"
  multi_az                = true
  backup_retention_period = 7
  ids                     = ["sg-1", "sg-2"]
  tags = {
    Service = "orders"
    "a/b"   = "c"
  }
  secret = jsonencode({
    host = a.b.c
  })
}
`,
    );
  });

  it('refuses names and references that are not identifiers', () => {
    expect(() =>
      renderHcl([block('resource', [], [...attr('a = 1\nb', 1)])]),
    ).toThrow();
    expect(() => renderHcl([block('x {', [], [])])).toThrow();
    expect(() => ref('a.b}"')).toThrow();
    expect(() => call('f(', 1)).toThrow();
    expect(() => renderHcl([block('a', [], [...attr('n', NaN)])])).toThrow();
  });
});
