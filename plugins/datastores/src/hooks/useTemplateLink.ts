import { useCallback } from 'react';
import { useRouteRef } from '@backstage/core-plugin-api';
import { scaffolderTemplateRouteRef } from '../routes';
import { TEMPLATE_NAMESPACE, withFormData } from '../templateLinks';

/**
 * The address of one of the datastores templates, with answers pre-filled: through the
 * scaffolder's route where the app binds it, else the scaffolder's default path.
 */
export function useTemplateLink(): (
  templateName: string,
  formData?: Record<string, unknown>,
) => string {
  const templateRoute = useRouteRef(scaffolderTemplateRouteRef);
  return useCallback(
    (templateName, formData) => {
      const params = { namespace: TEMPLATE_NAMESPACE, templateName };
      const path = templateRoute
        ? templateRoute(params)
        : `/create/templates/${params.namespace}/${params.templateName}`;
      return withFormData(path, formData);
    },
    [templateRoute],
  );
}
