"""network leads: who named them

A network-lead grant (``network_leads``) records the person who named the lead, so the e-mail that tells them says
who did it. Grants made before this revision keep a NULL: nobody recorded it, and the e-mail then says only that
they lead the network. The person's account removed, the grant stays and forgets them (SET NULL).

Revision ID: 0020_network_lead_named_by
Revises: 0019_school_file_sizes
Create Date: 2026-12-07 08:00:00
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0020_network_lead_named_by'
down_revision = '0019_school_file_sizes'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('network_leads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('named_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_network_leads_named_by_id_users'), 'users', ['named_by_id'], ['id'], ondelete='SET NULL'
        )


def downgrade():
    with op.batch_alter_table('network_leads', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_network_leads_named_by_id_users'), type_='foreignkey')
        batch_op.drop_column('named_by_id')
