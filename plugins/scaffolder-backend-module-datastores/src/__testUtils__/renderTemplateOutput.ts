import { parseEntityRef } from '@backstage/catalog-model';
import { createTemplateRenderer } from 'nunjitsu';

const renderer = createTemplateRenderer({
  allowRegexExecution: true,
  filters: {
    parseEntityRef: (ref, options) =>
      parseEntityRef(ref as string, options as any) as any,
  },
});
const isTruthy = (value: unknown) =>
  Array.isArray(value) ? value.length > 0 : !!value;

/**
 * A template's `output` as the scaffolder renders it (NunjucksWorkflowRunner in
 * @backstage/plugin-scaffolder-backend, which does not export its renderer): nunjitsu with
 * `allowRegexExecution`, the default filters the outputs use, every string of the output
 * rendered with `{ coercion: 'json' }` through a JSON reviver (a string that fails to render is
 * kept as it is), then `links` entries whose `if` is falsy left out.
 */
export function renderTemplateOutput(
  template: { spec: { output?: unknown } },
  context: {
    parameters: Record<string, unknown>;
    steps: Record<string, { output: Record<string, unknown> }>;
  },
): any {
  const prepared = renderer.prepareContext(context as any);
  const output = JSON.parse(
    JSON.stringify(template.spec.output),
    (_key, value) => {
      try {
        if (typeof value === 'string') {
          return renderer.renderValue(value, prepared, { coercion: 'json' });
        }
      } catch {
        return value;
      }
      return value;
    },
  );
  if (Array.isArray(output?.links)) {
    output.links = output.links.flatMap((item: any) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        return [item];
      }
      if ('if' in item && !isTruthy(item.if)) return [];
      const { if: _if, ...rest } = item;
      return [rest];
    });
  }
  return output;
}
