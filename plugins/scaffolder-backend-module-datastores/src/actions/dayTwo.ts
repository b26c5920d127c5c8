import { PermissionsService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DatastoresConfig,
  PullRequestEngine,
} from '@datastores/plugin-datastores-node';
import { RequestsReader } from './currentDatastore';
import { NameOwnersReader, RequestRecorder } from './provision';

/** What `datastores:change` and `datastores:decommission` need; injected, so tests use stand-ins. */
export interface DayTwoActionOptions {
  /** Undefined when `datastores.targets` is not configured: the actions then say so. */
  config: DatastoresConfig | undefined;
  catalog: CatalogService;
  permissions: PermissionsService;
  engine: Pick<
    PullRequestEngine,
    'openPullRequests' | 'getPullRequestStatuses'
  >;
  recordRequest: RequestRecorder;
  requests: RequestsReader;
  nameOwners: NameOwnersReader;
  /** The time source (tests). */
  now?: () => Date;
}
