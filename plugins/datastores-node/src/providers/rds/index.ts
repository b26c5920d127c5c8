import { PROVIDER_FACTS } from '@datastores/plugin-datastores-common';
import { DatastoreProvider } from '../types';
import { renderRdsTerraform } from './rdsTerraform';

/**
 * Postgres on AWS RDS, through the Terraform repo. Its safeguard re-renders the module with
 * deletion protection off and the final snapshot named.
 */
export const rdsProvider: DatastoreProvider = {
  id: 'rds',
  facts: PROVIDER_FACTS.rds,
  render: renderRdsTerraform,
  renderSafeguard: renderRdsTerraform,
};
