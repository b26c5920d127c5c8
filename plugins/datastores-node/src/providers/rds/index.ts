import { PROVIDER_FACTS } from '@datastores/plugin-datastores-common';
import { DatastoreProvider } from '../types';
import { renderRdsTerraform } from './rdsTerraform';
import {
  RdsInstanceDescription,
  backupFromRdsInstance,
  readinessFromRdsStatus,
} from './status';

/**
 * Postgres on AWS RDS, through the Terraform repo. Its safeguard re-renders the module with
 * deletion protection off and the final snapshot named.
 */
export const rdsProvider: DatastoreProvider = {
  id: 'rds',
  facts: PROVIDER_FACTS.rds,
  render: renderRdsTerraform,
  renderSafeguard: renderRdsTerraform,
  cloud: {
    title: 'AWS RDS',
    nameOf: names => names.rdsIdentifier,
    absent: id => `No RDS instance ${id} in AWS yet.`,
    read: ({ value, requirements, now }) => {
      const instance = value as RdsInstanceDescription;
      return {
        backup: backupFromRdsInstance({ instance, requirements, now }),
        readiness: readinessFromRdsStatus(instance.DBInstanceStatus),
      };
    },
  },
};
