"""Alembic environment: migrations run only on the connection `kit.store` hands over.

The store opens the transaction and takes the lock itself, so that two processes opening a
fresh store at the same moment cannot both create the schema.
"""

from alembic import context

from kit.store.tables import METADATA

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("the workshop store migrates itself: open it with kit.store.open_store()")

context.configure(connection=connection, target_metadata=METADATA, transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()
