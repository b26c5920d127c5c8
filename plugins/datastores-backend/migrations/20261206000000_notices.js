// @ts-check

/**
 * What the people who asked for each datastore (in one environment) were told, so each
 * lifecycle transition is told once, by whichever replica sees it first.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('datastore_notices', table => {
    table.comment('The lifecycle notices told per datastore');
    table
      .string('entity_ref')
      .primary()
      .notNullable()
      .comment("The datastore's Resource entity ref");
    table
      .text('state')
      .notNullable()
      .comment('What was told, as JSON (NoticeState)');
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('datastore_notices');
};
