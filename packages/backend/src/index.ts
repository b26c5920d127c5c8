/*
 * The Datastores for Backstage backend: the plugins a user of this product needs, and the
 * datastores plugins themselves. Each `backend.add` is one feature; the startup test
 * (src/startup.test.ts) starts this file as its own process and fails if any of them fails.
 */

import { createBackend } from '@backstage/backend-defaults';
import { datastoresPermissionPolicyModule } from './modules/datastoresPermissionPolicy';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));
// The event bus the catalog subscribes to, and GitHub's webhooks on it
// (POST /api/events/http/github, signed with events.modules.github.webhookSecret): they move
// datastore requests within seconds of a merge or a finished apply.
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-events-backend-module-github'));

// Notifications (the datastores lifecycle tells requesters and owners) and signals (open
// pages update without a reload).
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// Sign-in: guest only, for the demo. See the README to add a real provider.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// Catalog: services, their datastore Resources, the templates.
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// The datastores' Resource entities, read from the Terraform and GitOps repos (datastores.targets).
backend.add(import('@datastores/plugin-catalog-backend-module-datastores'));

// Scaffolder, with GitHub and the datastores actions.
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@datastores/plugin-scaffolder-backend-module-datastores'));

// Permissions. The example policy allows everything, except managed production datastores
// when `datastores.permissions.productionProvisioners` lists who may create them, and the
// decommission of production datastores, which only `productionDecommissioners` may do.
// Replace it with your own policy in production.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(datastoresPermissionPolicyModule);

// Kubernetes: the live status of the self-hosted datastores and their secrets.
backend.add(import('@backstage/plugin-kubernetes-backend'));

// Datastores: the REST API behind the entity card and the form, and its actions for agents.
backend.add(import('@datastores/plugin-datastores-backend'));
// An example provider module: Aurora PostgreSQL, chosen by datastores.managed.postgres.provider.
backend.add(import('@datastores/plugin-datastores-backend-module-aurora'));

// MCP: serves the actions registry's actions (datastores:decide, get-service-datastores,
// query-fleet, provision-dry-run) as MCP tools at /api/mcp-actions/v1, on behalf of the
// caller, so an agent sees what its user may read. Which plugins' actions:
// backend.actions.pluginSources in app-config.
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
