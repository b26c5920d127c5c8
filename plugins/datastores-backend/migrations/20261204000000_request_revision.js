// @ts-check

/**
 * One counter, raised by every write to `datastore_requests` in the write's own transaction, so
 * a replica learns that the requests changed with one primary-key read instead of listing them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('datastore_requests_revision', table => {
    table.comment('How many writes datastore_requests has had');
    table.integer('id').primary().notNullable();
    table.bigInteger('revision').notNullable();
  });
  await knex('datastore_requests_revision').insert({ id: 1, revision: 0 });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('datastore_requests_revision');
};
