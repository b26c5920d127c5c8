// @ts-check

/**
 * An object its source listed but could not read in full (a Neon project whose details failed):
 * why, so it counts as unknown while the rest of its source stays current.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('datastore_observations', table => {
    table
      .text('error')
      .nullable()
      .comment('Why this object could not be read in full, when it could not');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('datastore_observations', table => {
    table.dropColumn('error');
  });
};
