// @ts-check

/**
 * Cloud observations (RDS instances, Neon projects) are looked up by name within a kind.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('datastore_observations', table => {
    table.index(['name'], 'datastore_observations_name_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('datastore_observations', table => {
    table.dropIndex(['name'], 'datastore_observations_name_idx');
  });
};
