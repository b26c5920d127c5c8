import { PROVIDER_FACTS } from '@datastores/plugin-datastores-common';
import { DatastoreProvider } from '../types';
import { renderNeonTerraform } from './neonTerraform';
import {
  NeonProjectDescription,
  backupFromNeonProject,
  readinessFromNeonBranch,
} from './status';

/**
 * Postgres on Neon, through the Terraform repo. Its safeguard re-renders the module without
 * its protection, saying when the removal may come.
 */
export const neonProvider: DatastoreProvider = {
  id: 'neon',
  facts: PROVIDER_FACTS.neon,
  render: renderNeonTerraform,
  renderSafeguard: renderNeonTerraform,
  cloud: {
    title: 'Neon',
    nameOf: names => names.neonProjectName,
    absent: name => `No Neon project ${name} yet.`,
    read: ({ value, requirements, now }) => {
      const project = value as NeonProjectDescription;
      return {
        backup: backupFromNeonProject({ project, requirements, now }),
        readiness: readinessFromNeonBranch(project.defaultBranchState),
      };
    },
  },
};
