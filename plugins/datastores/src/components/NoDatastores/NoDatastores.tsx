import { ReactElement } from 'react';
import { Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { useTemplateLink } from '../../hooks/useTemplateLink';
import { TEMPLATES } from '../../templateLinks';

/**
 * What the card, the tab and the fleet page say when there are no datastores, and where to get
 * one (for the service, when it is one).
 */
export function NoDatastores(props: { entityRef?: string }): ReactElement {
  const { entityRef } = props;
  const isService = entityRef?.startsWith('component:') ?? false;
  const templateLink = useTemplateLink();
  return (
    <div>
      <Typography variant="body1" gutterBottom>
        No databases or caches yet.
      </Typography>
      <Typography variant="body2">
        <Link
          to={templateLink(
            TEMPLATES.provision,
            isService ? { service: entityRef } : undefined,
          )}
        >
          Provision a datastore
        </Link>{' '}
        with the &ldquo;Provision datastore&rdquo; template: it decides how it
        is run from how critical its data is and opens the pull requests.
      </Typography>
    </div>
  );
}
