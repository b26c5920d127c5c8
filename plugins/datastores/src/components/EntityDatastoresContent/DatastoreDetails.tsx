import { ReactElement } from 'react';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  CRITICALITY_MEANINGS,
  DatastoreStatus,
} from '@datastores/plugin-datastores-common';
import { decisionReason, decisionRule } from '../../decisionText';
import { kindAndEngine, refreshIntervalText, strategyText } from '../../labels';
import { BackupPostureLabel } from '../BackupPostureLabel';
import { ComplianceLabel } from '../ComplianceLabel';
import { DatastoreActionsMenu } from '../DatastoreActionsMenu';
import { DatastoreStateLabels } from '../DatastoreStateLabels';
import { DetailList } from '../DetailList';
import { LifecycleStepper } from '../LifecycleStepper';
import { PullRequestLinks } from '../PullRequestLinks';
import { ReadinessLabel } from '../ReadinessLabel';
import { ReplacementLinks } from '../ReplacementLinks';
import { SecretSyncLabel } from '../SecretSyncLabel';
import { When } from '../When';

const useStyles = makeStyles(theme => ({
  paper: { padding: theme.spacing(2) },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(1),
  },
  section: { marginTop: theme.spacing(2) },
  lifecycle: { marginBottom: theme.spacing(1) },
  menu: { marginLeft: 'auto' },
  violations: { margin: 0, paddingLeft: theme.spacing(3) },
  code: { fontFamily: 'monospace' },
  rule: { display: 'block', color: theme.palette.text.secondary },
}));

/** Where and when a live field was observed ("cluster prod-eu, 3 minutes ago"; the exact time on hover). */
function observed(field: { observedAt?: string; source?: string }) {
  if (!field.observedAt && !field.source) return undefined;
  return (
    <>
      {field.source}
      {field.source && field.observedAt && ', '}
      <When at={field.observedAt} />
    </>
  );
}

function yesNo(value?: boolean) {
  if (value === undefined) return undefined;
  return value ? 'Yes' : 'No';
}

/**
 * Everything known about one datastore: its lifecycle (requested → merged → applied → ready),
 * why it runs as it does, its policy, backups, secret and
 * pull requests, and (with its service) a menu to change or decommission it.
 */
export function DatastoreDetails(props: {
  datastore: DatastoreStatus;
  /** Every datastore shown beside it: a change keeps their environments, a replacement is named. */
  datastores?: DatastoreStatus[];
  serviceRef?: string;
}): ReactElement {
  const d = props.datastore;
  const datastores = props.datastores ?? [d];
  const classes = useStyles();
  const headingId = `datastore-${d.entityRef.replace(/[^a-z0-9-]/gi, '-')}`;
  return (
    <Paper
      component="section"
      aria-labelledby={headingId}
      className={classes.paper}
      variant="outlined"
    >
      <div className={classes.header}>
        <Typography variant="h6" component="h3" id={headingId}>
          {d.inCatalog ? (
            <EntityRefLink entityRef={d.entityRef} hideIcon>
              {d.name}
            </EntityRefLink>
          ) : (
            d.name
          )}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {kindAndEngine(d)} · {strategyText(d)}
        </Typography>
        <DatastoreStateLabels datastore={d} serviceRef={props.serviceRef} />
        {props.serviceRef && (
          <span className={classes.menu}>
            <DatastoreActionsMenu
              datastore={d}
              serviceRef={props.serviceRef}
              datastores={datastores}
            />
          </span>
        )}
      </div>
      <ReplacementLinks datastore={d} datastores={datastores} />

      {d.lifecycle && (
        <div className={classes.lifecycle}>
          <Typography variant="subtitle2" component="h4">
            Lifecycle
          </Typography>
          <LifecycleStepper
            lifecycle={d.lifecycle}
            label={`Lifecycle of ${d.name}`}
          />
        </div>
      )}

      <Grid container spacing={3}>
        <Grid item xs={12} md={6}>
          <Typography variant="subtitle2" component="h4">
            Decision
          </Typography>
          {d.decision.rule ? (
            <>
              <Typography variant="body2">
                {decisionReason({ ...d, ...d.decision })}
              </Typography>
              <Typography variant="caption" className={classes.rule}>
                {decisionRule(d.decision)}
              </Typography>
            </>
          ) : (
            // No rule decided: the policy refuses what is declared, and this says why.
            <Typography variant="body2">{d.decision.rationale}</Typography>
          )}
          <Typography variant="body2" color="textSecondary">
            Criticality: {d.criticality}. {CRITICALITY_MEANINGS[d.criticality]}
          </Typography>

          <Typography
            variant="subtitle2"
            component="h4"
            className={classes.section}
          >
            Policy
          </Typography>
          <ComplianceLabel policy={d.policy} violationsListed />
          {d.policy.state === 'violates' && (
            <ul className={classes.violations}>
              {d.policy.violations.map(v => (
                <li key={v.id}>
                  <Typography variant="body2">{v.message}</Typography>
                </li>
              ))}
            </ul>
          )}

          <Typography
            variant="subtitle2"
            component="h4"
            className={classes.section}
          >
            Readiness
          </Typography>
          <DetailList
            items={[
              ['State', <ReadinessLabel readiness={d.readiness} />],
              ['Phase', d.readiness.phase],
              ['Message', d.readiness.message],
              ['Observed', observed(d.readiness)],
            ]}
          />

          <Typography
            variant="subtitle2"
            component="h4"
            className={classes.section}
          >
            Pull requests
          </Typography>
          <PullRequestLinks pullRequests={d.pullRequests} detailed />
        </Grid>

        <Grid item xs={12} md={6}>
          <Typography variant="subtitle2" component="h4">
            Backups
          </Typography>
          <DetailList
            items={[
              [
                'Posture',
                <BackupPostureLabel
                  backup={d.backup}
                  requested={!d.inCatalog}
                />,
              ],
              [
                'Retention',
                d.backup.retentionDays !== undefined
                  ? `${d.backup.retentionDays} days`
                  : undefined,
              ],
              ['Point-in-time recovery', yesNo(d.backup.pitr)],
              [
                'Last backup',
                d.backup.lastBackupAt && <When at={d.backup.lastBackupAt} />,
              ],
              [
                'Recoverable from',
                d.backup.recoverableFrom && (
                  <When at={d.backup.recoverableFrom} />
                ),
              ],
              ['Detail', d.backup.detail],
              ['Observed', observed(d.backup)],
            ]}
          />

          <Typography
            variant="subtitle2"
            component="h4"
            className={classes.section}
          >
            Secret sync
          </Typography>
          <DetailList
            items={[
              ['Status', <SecretSyncLabel secretSync={d.secretSync} />],
              [
                'Last synced',
                d.secretSync.lastSyncedAt && (
                  <When at={d.secretSync.lastSyncedAt} />
                ),
              ],
              [
                'Refresh interval',
                d.secretSync.refreshInterval &&
                  refreshIntervalText(d.secretSync.refreshInterval),
              ],
              ['Message', d.secretSync.message],
              ['Observed', observed(d.secretSync)],
            ]}
          />

          <Typography
            variant="subtitle2"
            component="h4"
            className={classes.section}
          >
            How to connect
          </Typography>
          <DetailList
            items={[
              [
                'Secret',
                <code className={classes.code}>{d.connection.secretName}</code>,
              ],
              [
                'Keys',
                <span>
                  {d.connection.keys.map((key, i) => (
                    <span key={key}>
                      {i > 0 && ', '}
                      <code className={classes.code}>{key}</code>
                    </span>
                  ))}
                </span>,
              ],
            ]}
          />
        </Grid>
      </Grid>
    </Paper>
  );
}
