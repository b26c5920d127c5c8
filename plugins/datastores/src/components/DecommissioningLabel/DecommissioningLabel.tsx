import { ReactElement } from 'react';
import { Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { DatastoreStatus } from '@datastores/plugin-datastores-common';
import { useTemplateLink } from '../../hooks/useTemplateLink';
import { TEMPLATES, decommissionFormData } from '../../templateLinks';
import { absoluteTime, parseTime } from '../../time';
import { StatusLabel } from '../StatusLabel';

const useStyles = makeStyles(theme => ({
  phase: { color: theme.palette.text.secondary },
}));

type Decommissioning = NonNullable<DatastoreStatus['decommissioning']>;

/**
 * Where a decommission stands, in words: what protects the data until the safeguard's pull
 * request merges ("Safeguard: final snapshot orders-main-production-final-20261001"), then
 * "Removal" until the removal merges and the entity leaves the catalog.
 */
export function decommissionPhaseText(d: Decommissioning): string {
  if (d.phase === 'removal') return 'Removal';
  if (d.finalSnapshot) return `Safeguard: final snapshot ${d.finalSnapshot}`;
  if (d.backup) return `Safeguard: backup ${d.backup}`;
  const notBefore = parseTime(d.notBefore);
  if (notBefore) return `Safeguard: not before ${absoluteTime(notBefore)}`;
  return 'Safeguard';
}

const EXPLANATIONS: Record<Decommissioning['phase'], string> = {
  safeguard:
    'Its data is being protected before its files are removed. Once the safeguard’s pull request is merged and applied, run “Decommission datastore” again to open the removal.',
  removal:
    'Its files are being removed. Once the removal’s pull requests are merged, it leaves the catalog.',
};

/**
 * "Decommissioning" (never green) and its phase, for a datastore being decommissioned. Once its
 * data is safe and no removal is open yet, a link runs "Decommission datastore" again for it
 * (its menu is hidden while it is decommissioned).
 */
export function DecommissioningLabel(props: {
  datastore: DatastoreStatus & { decommissioning: Decommissioning };
  /** Its service, for the link to the removal. */
  serviceRef?: string;
  /** In the caption's size, under a name in a table (so the table still fits its card). */
  compact?: boolean;
}): ReactElement {
  const { datastore: d, serviceRef, compact } = props;
  const { decommissioning } = d;
  const classes = useStyles();
  const templateLink = useTemplateLink();
  // The data is safe once every safeguard pull request is merged (the contract's `removal`
  // phase before a removal exists; the backend may still say `safeguard` then).
  const safeguards = d.pullRequests.filter(pr => pr.operation === 'safeguard');
  const safe =
    decommissioning.phase === 'removal' ||
    (safeguards.length > 0 && safeguards.every(pr => pr.state === 'merged'));
  const removalToOpen =
    safe &&
    !d.pullRequests.some(
      pr => pr.operation === 'removal' && pr.state !== 'closed',
    );
  return (
    <div>
      <StatusLabel
        tone="decommissioning"
        text="Decommissioning"
        explanation={EXPLANATIONS[decommissioning.phase]}
        small={compact}
      />
      <Typography variant="caption" component="div" className={classes.phase}>
        {decommissionPhaseText(decommissioning)}
      </Typography>
      {removalToOpen && serviceRef && (
        <Typography variant="caption" component="div">
          <Link
            to={templateLink(
              TEMPLATES.decommission,
              decommissionFormData(serviceRef, d),
            )}
          >
            Open the removal…
          </Link>
        </Typography>
      )}
    </div>
  );
}
