// @ts-check

/**
 * Provisioning requests recorded by the `datastores:provision` action (or rediscovered from the
 * markers in their pull requests). One row per service and datastore name.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('datastore_requests', table => {
    table.comment('Provisioning requests of the datastores plugin');
    table.string('id').primary().notNullable();
    table
      .string('service_ref')
      .notNullable()
      .comment('The service, e.g. component:default/orders');
    table
      .string('name')
      .notNullable()
      .comment('The datastore name within the service');
    table.text('payload').notNullable().comment('The request as JSON');
    table.string('created_by').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.unique(['service_ref', 'name'], {
      indexName: 'datastore_requests_service_name_idx',
    });
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('datastore_requests');
};
