import { InputError } from '@backstage/errors';
import { RenderContext, RenderedFile, targetFilePath } from './context';
import { renderNeonTerraform } from './neonTerraform';
import { renderRdsTerraform } from './rdsTerraform';

/**
 * The Terraform root module of a managed datastore, under the configured terraform path.
 * @public
 */
export function renderTerraform(ctx: RenderContext): RenderedFile[] {
  const { decision } = ctx;
  let files;
  if (decision.engine === 'postgres' && decision.provider === 'rds') {
    files = renderRdsTerraform(ctx);
  } else if (decision.engine === 'postgres' && decision.provider === 'neon') {
    files = renderNeonTerraform(ctx);
  } else {
    throw new InputError(
      `There is no Terraform for a managed ${decision.engine} on ${decision.provider}`,
    );
  }
  return files.map(({ file, content }) => ({
    target: 'terraform',
    path: targetFilePath(ctx, 'terraform', file),
    content,
  }));
}
