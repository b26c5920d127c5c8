import { PROVIDER_FACTS } from '@datastores/plugin-datastores-common';
import { DatastoreProvider } from '../types';
import { renderNeonTerraform } from './neonTerraform';

/**
 * Postgres on Neon, through the Terraform repo. Its safeguard re-renders the module without
 * its protection, saying when the removal may come.
 */
export const neonProvider: DatastoreProvider = {
  id: 'neon',
  facts: PROVIDER_FACTS.neon,
  render: renderNeonTerraform,
  renderSafeguard: renderNeonTerraform,
};
