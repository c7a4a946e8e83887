import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { int } from './columns';

/**
 * Contact people of organizations: a person-client may belong to an organization-client
 * (`organization_id`), whose calls, deals and callbacks then count for the organization as well. The
 * `organization` text stays: on a linked person it mirrors the organization's name, on an organization it
 * is its own name, so the text-keyed reports (contacts per organization) read people and switchboard alike.
 * Existing people with only a text are linked by a manager's choice (POST /api/organizations/link), not here.
 * No foreign key: a client is soft-deleted, and a merge moves people before the duplicate goes.
 */
export class OrganizationPeople1795500000240 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('clients', new TableColumn(int('organization_id', true)));
    await q.createIndex('clients', new TableIndex({ name: 'ix_clients_organization_id', columnNames: ['organization_id'] }));
    // An organization's text is its own name (see above), for the ones created before this.
    await q.query("UPDATE clients SET organization = name WHERE kind = 'organization' AND (organization IS NULL OR organization <> name)");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('clients', 'ix_clients_organization_id');
    await q.dropColumn('clients', 'organization_id');
  }
}
