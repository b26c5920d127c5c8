// @ts-check

/**
 * What the live-status collector last observed: one row per object per source (a kind in a
 * cluster, or a cloud account's list), and one row per source saying when it was last read and
 * why its last read failed, if it did. A source that fails keeps its observations, then stale.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('datastore_observation_sources', table => {
    table.comment(
      'The sources the datastores collector reads, and how each last went',
    );
    table
      .string('id')
      .primary()
      .notNullable()
      .comment('e.g. kubernetes/prod-eu/postgresql.cnpg.io/clusters');
    table.string('cluster').nullable();
    table.string('kind').notNullable();
    table.timestamp('last_success_at', { useTz: true }).nullable();
    table.timestamp('last_attempt_at', { useTz: true }).notNullable();
    table.text('error').nullable().comment('Why the last read failed');
  });
  await knex.schema.createTable('datastore_observations', table => {
    table.comment('Objects the datastores collector observed');
    table.string('source').notNullable();
    table
      .string('namespace')
      .notNullable()
      .comment("'' for cluster-scoped or cloud objects");
    table.string('name').notNullable();
    table.string('kubernetes_id').nullable();
    table.text('payload').notNullable().comment('The object as JSON');
    table.timestamp('observed_at', { useTz: true }).notNullable();
    table.primary(['source', 'namespace', 'name']);
    table.index(['kubernetes_id'], 'datastore_observations_kubernetes_id_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('datastore_observations');
  await knex.schema.dropTable('datastore_observation_sources');
};
